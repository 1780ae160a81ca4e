import { z } from 'zod';
import { PruneScopeSchema, SamplingSchema, SparsitySchema } from '../../engine';
import { TrainingFields } from '../recipes/training-options';

export const PathwaysPayloadSchema = z
  .object({
    ...TrainingFields,
    /**
     * `pathways`: fixed masks from the parent LSP runs (one per language); `pathways-random`: random masks of the
     * target sparsity per language over the parent dense run.
     */
    method: z.enum(['pathways', 'pathways-random']),
    sparsity: SparsitySchema.default(0.7),
    sampling: SamplingSchema,
    /** Random masks: their seed and scope. */
    maskSeed: z.number().int().min(0).default(0),
    scope: PruneScopeSchema,
  })
  .strict();
export type PathwaysPayload = z.infer<typeof PathwaysPayloadSchema>;
