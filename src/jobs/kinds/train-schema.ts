import { z } from 'zod';
import { SamplingSchema, SparsitySchema } from '../../engine';
import { TokenizerSchema } from '../../shared/api';
import { RunnerSchema } from '../torch/runner-schema';
import { checkLossFields, checkModelOverrides, stepsOf, TrainingFields } from '../recipes/training-options';

export const TrainPayloadSchema = z
  .object({
    ...TrainingFields,
    /** Model config fields overriding the preset (validated as an RNN-T config; vocabSize comes from the tokenizer). */
    model: z.record(z.string(), z.unknown()).default({}),
    /** Dense small: scale the preset's width (and depth) so its parameter count is within 5 % of this. */
    targetParams: z.number().int().min(1).optional(),
    /**
     * Dense small without targetParams: match (1 − sparsity) of the preset's parameters, the non-zeros of a
     * model pruned to that sparsity (default DEFAULT_SPARSITY, as for pruning).
     */
    sparsity: SparsitySchema.optional(),
    /** Fine-tuning a parent dense run: how each step's batches are drawn per language (as in LAP and pathways). */
    sampling: SamplingSchema,
    tokenizer: TokenizerSchema.default({ kind: 'char' }),
    /** The engine (absent) or the PyTorch runner (`{ kind: 'torch', nproc, device }`, src/jobs/torch). */
    runner: RunnerSchema.optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    checkModelOverrides(p.preset, p.model, ctx);
    checkLossFields(p, stepsOf(p), ctx);
  });
export type TrainPayload = z.infer<typeof TrainPayloadSchema>;
