import { z } from 'zod';

export const EvalPayloadSchema = z
  .object({
    method: z.enum(['greedy', 'beam']).default('greedy'),
    beam: z.number().int().min(1).default(4),
    /** Most symbols emitted on one encoder frame, greedy and beam (1: icefall's modified beam search). */
    maxSymbolsPerFrame: z.number().int().min(1).max(10).default(3),
    split: z.enum(['train', 'dev', 'test']).default('test'),
    /** Decode at most this many utterances per language (default: all). */
    maxUtterances: z.number().int().min(1).optional(),
  })
  .strict();
export type EvalPayload = z.infer<typeof EvalPayloadSchema>;
