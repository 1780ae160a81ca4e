import { z } from 'zod';
import { channel } from './define';

export const LanguageScoreSchema = z.object({
  wer: z.number(),
  cer: z.number(),
  utterances: z.number().int(),
});

export const ComparisonRowSchema = z.object({
  runId: z.string(),
  system: z.string(),
  seedCount: z.number().int(),
  /** Whether the system is told the utterance language at test time (pathways and LSP are; Dense and LAP are not). */
  toldLanguage: z.boolean(),
  computeMatched: z.boolean(),
  steps: z.number().int(),
  audioHoursSeen: z.number(),
  nonZeros: z.number().int(),
  sparsity: z.number(),
  unionSparsity: z.number().nullable(),
  perLanguage: z.record(z.string(), LanguageScoreSchema),
  avgWer: z.number(),
  avgCer: z.number(),
  werSpread: z.number().nullable(),
  relWerVsDense: z.number().nullable(),
  relWerVsLap: z.number().nullable(),
});
export type ComparisonRow = z.infer<typeof ComparisonRowSchema>;

export const ComparisonTableSchema = z.object({
  languages: z.array(z.string()),
  rows: z.array(ComparisonRowSchema),
  overlap: z
    .object({ meanPairIou: z.number(), sharedByAll: z.number(), unionDensity: z.number() })
    .nullable(),
});
export type ComparisonTable = z.infer<typeof ComparisonTableSchema>;

export const EvaluationSchema = z.object({
  id: z.string(),
  runId: z.string(),
  datasetId: z.string().nullable(),
  split: z.string(),
  createdAt: z.string(),
  perLanguage: z.record(z.string(), LanguageScoreSchema),
});
export type Evaluation = z.infer<typeof EvaluationSchema>;

export const resultChannels = {
  'results.compare': channel(
    'The paper-style comparison table of the given runs (default: every evaluated run)',
    z.object({ runIds: z.array(z.string()).optional(), groupId: z.string().optional() }).strict(),
    ComparisonTableSchema,
  ),
  'results.export': channel(
    'The comparison table as Markdown, CSV or JSON text',
    z
      .object({
        runIds: z.array(z.string()).optional(),
        groupId: z.string().optional(),
        format: z.enum(['markdown', 'csv', 'json']),
      })
      .strict(),
    z.object({ format: z.string(), text: z.string(), suggestedName: z.string() }),
  ),
  'evaluations.list': channel(
    'Evaluations, optionally of one run',
    z.object({ runId: z.string().optional() }).strict(),
    z.array(EvaluationSchema),
  ),
};
