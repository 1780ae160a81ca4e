import { z } from 'zod';
import { DynamicSchema, PruneScopeSchema, SamplingSchema, SparsitySchema } from '../../engine';
import { DEFAULT_SPARSITY } from '../../shared/api';
import { TrainingFields } from '../recipes/training-options';
import { RunnerSchema } from '../torch/runner-schema';

export const PathwaysPayloadSchema = z
  .object({
    ...TrainingFields,
    /** Fixed and random pathways may train on the PyTorch runner; dynamic pathways only on the engine. */
    runner: RunnerSchema.optional(),
    /**
     * `pathways`: fixed masks from the parent LSP runs (one per language); `pathways-random`: random masks of the
     * target sparsity per language over the parent dense run; `pathways-dynamic`: masks re-selected while
     * training, starting from the parents' masks (a LAP run's mask for every language, or LSP runs' masks).
     */
    method: z.enum(['pathways', 'pathways-random', 'pathways-dynamic']),
    sparsity: SparsitySchema.default(DEFAULT_SPARSITY),
    sampling: SamplingSchema,
    /** Random masks: their seed and scope. */
    maskSeed: z.number().int().min(0).default(0),
    scope: PruneScopeSchema,
    /** Dynamic pathways: score and schedule of the re-evaluations. */
    dynamic: DynamicSchema,
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.runner?.kind === 'torch' && p.method === 'pathways-dynamic')
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['runner'],
        message:
          'dynamic pathways (masks re-selected while training) are not in the PyTorch runner; they run on the engine',
      });
  });
export type PathwaysPayload = z.infer<typeof PathwaysPayloadSchema>;
