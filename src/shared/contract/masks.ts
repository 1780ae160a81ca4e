import { z } from 'zod';
import { channel } from './define';

export const PairIouSchema = z.object({ a: z.string(), b: z.string(), iou: z.number() });

export const OverlapReportSchema = z.object({
  languages: z.array(z.string()),
  prunableWeights: z.number().int(),
  overall: z.object({
    pairs: z.array(PairIouSchema),
    sharedByAll: z.number(),
    exclusive: z.record(z.string(), z.number()),
    unionDensity: z.number(),
    sparsity: z.record(z.string(), z.number()),
  }),
  layers: z.array(
    z.object({
      layer: z.string(),
      weights: z.number().int(),
      pairs: z.array(PairIouSchema),
      sharedByAll: z.number(),
      exclusive: z.record(z.string(), z.number()),
      unionDensity: z.number(),
      sparsity: z.record(z.string(), z.number()),
    }),
  ),
  /** Dynamic pathways: weights that entered and left each language's mask at each re-evaluation. */
  history: z.array(
    z.object({
      step: z.number().int(),
      language: z.string(),
      entered: z.number().int(),
      left: z.number().int(),
      sparsity: z.number(),
    }),
  ),
});
export type OverlapReport = z.infer<typeof OverlapReportSchema>;

export const maskChannels = {
  'masks.overlap': channel(
    'Mask overlap of a pathways run (computed in the worker when the masks were written, cached)',
    z.object({ runId: z.string().min(1) }).strict(),
    OverlapReportSchema,
  ),
};
