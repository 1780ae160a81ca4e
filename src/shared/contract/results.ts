import { z } from 'zod';
import { channel } from './define';

export const LanguageScoreSchema = z.object({
  wer: z.number(),
  cer: z.number(),
  utterances: z.number().int(),
});
export type LanguageScore = z.infer<typeof LanguageScoreSchema>;

const RangeSchema = z.object({ min: z.number(), max: z.number() });

/** A paired bootstrap estimate of one rate's change B − A, in absolute terms (0.01 is one point of WER). */
export const DeltaIntervalSchema = z.object({
  /** The change on the test set as scored. */
  delta: z.number(),
  /** The percentile interval of the resampled changes. */
  low: z.number(),
  high: z.number(),
  /** Share of resamples where B is better (Δ < 0). */
  pImprove: z.number(),
  /** The interval excludes 0. */
  significant: z.boolean(),
});
export type DeltaInterval = z.infer<typeof DeltaIntervalSchema>;

export const RateDeltasSchema = z.object({ wer: DeltaIntervalSchema, cer: DeltaIntervalSchema });
export type RateDeltas = z.infer<typeof RateDeltasSchema>;

/** B − A by paired bootstrap, resampling utterances within each language (docs/methods.md, Confidence intervals). */
export const PairedBootstrapSchema = z.object({
  resamples: z.number().int(),
  /** Coverage of the intervals (0.95). */
  level: z.number(),
  perLanguage: z.record(z.string(), RateDeltasSchema),
  /** The change of the plain mean over languages. */
  average: RateDeltasSchema,
});
export type PairedBootstrap = z.infer<typeof PairedBootstrapSchema>;

/** A row against a baseline row (B = the row, A = the baseline): the bootstrap, or why it was refused. */
export const BaselineDeltaSchema = z.object({
  bootstrap: PairedBootstrapSchema.nullable(),
  /** Why there is no interval: the two rows were scored on different test sets (which utterances differ). */
  refused: z.string().nullable(),
});
export type BaselineDelta = z.infer<typeof BaselineDeltaSchema>;

/** How many bootstrap resamples a comparison draws (default 1000). */
const ResamplesSchema = z.number().int().min(1000).max(100_000).optional();

export const ComparisonRowSchema = z.object({
  runId: z.string(),
  system: z.string(),
  /** What the system is, from the reproduction's systems table (null for a system the table does not hold). */
  label: z.string().nullable().optional(),
  seedCount: z.number().int(),
  /** How its runs drew languages for each step ('proportional', 'uniform', 'temperature T=2'); null when unnamed. */
  sampling: z.string().nullable().optional(),
  /** How its fine-tuning set the learning rate: 'continue' (the parent's schedule), 'rewarm', or 'own schedule'; null from scratch. */
  finetune: z.string().nullable().optional(),
  /** Whether the system is told the utterance language at test time (pathways and LSP are; Dense and LAP are not). */
  toldLanguage: z.boolean(),
  /** Trained as many steps as pathways plus the LSP runs it uses (docs/reproducing.md: extra fine-tuning alone moves CER). */
  computeMatched: z.boolean(),
  /** The seeds pooled in this row. */
  seeds: z.array(z.number().int()).optional(),
  /** Optimizer steps and hours of audio of the row's own training, per seed (LSP: its runs of all languages). */
  steps: z.number().int(),
  audioHoursSeen: z.number(),
  /** The same plus the LSP/LAP runs whose masks the system uses (pathways: its LSP runs), per seed. */
  stepsWithMaskRuns: z.number().int().optional(),
  audioHoursWithMaskRuns: z.number().optional(),
  nonZeros: z.number().int(),
  sparsity: z.number(),
  unionSparsity: z.number().nullable(),
  perLanguage: z.record(z.string(), LanguageScoreSchema),
  avgWer: z.number(),
  avgCer: z.number(),
  /** Sample standard deviation over seeds of each seed's average WER / CER (null with one seed). */
  werSpread: z.number().nullable(),
  cerSpread: z.number().nullable().optional(),
  /** Lowest and highest seed average. */
  werRange: RangeSchema.optional(),
  cerRange: RangeSchema.optional(),
  relWerVsDense: z.number().nullable(),
  relWerVsLap: z.number().nullable(),
  relCerVsDense: z.number().nullable().optional(),
  relCerVsLap: z.number().nullable().optional(),
  /** The same against the compute-matched Dense and LAP rows (trained as long as pathways plus its LSP runs). */
  relWerVsDenseMatched: z.number().nullable().optional(),
  relWerVsLapMatched: z.number().nullable().optional(),
  relCerVsDenseMatched: z.number().nullable().optional(),
  relCerVsLapMatched: z.number().nullable().optional(),
  /** Paired bootstrap of the change against the Dense (+ F) and LAP rows; null for that row itself or without it. */
  deltaVsDense: BaselineDeltaSchema.nullable().optional(),
  deltaVsLap: BaselineDeltaSchema.nullable().optional(),
});
export type ComparisonRow = z.infer<typeof ComparisonRowSchema>;

/** Whether a study's pre-registration file is what it was when its group was queued (`reproduce --preregistration`). */
export const PreregistrationStatusSchema = z.object({
  path: z.string(),
  /** SHA-256 of the file when the group was queued. */
  sha256: z.string(),
  registeredAt: z.string(),
  state: z.enum(['unchanged', 'edited', 'missing']),
  currentSha256: z.string().nullable(),
  /** Where an edited file first differs from the text registered (1-based line). */
  firstChangedLine: z.number().int().nullable(),
});
export type PreregistrationStatus = z.infer<typeof PreregistrationStatusSchema>;

export const ComparisonTableSchema = z.object({
  languages: z.array(z.string()),
  rows: z.array(ComparisonRowSchema),
  overlap: z
    .object({ meanPairIou: z.number(), sharedByAll: z.number(), unionDensity: z.number() })
    .nullable(),
  /** What the spread and compute columns mean. */
  notes: z.array(z.string()).optional(),
  /** A group's pre-registration, when it was queued with one. */
  preregistration: PreregistrationStatusSchema.nullable().optional(),
});
export type ComparisonTable = z.infer<typeof ComparisonTableSchema>;

/** How long an eval job took to decode and score its utterances (wall time, feature loading excluded). */
export const EvaluationTimingSchema = z.object({
  decodeSeconds: z.number().nonnegative(),
  utterancesPerSecond: z.number().nonnegative(),
});
export type EvaluationTiming = z.infer<typeof EvaluationTimingSchema>;

export const EvaluationSchema = z.object({
  id: z.string(),
  runId: z.string(),
  datasetId: z.string().nullable(),
  split: z.string(),
  createdAt: z.string(),
  perLanguage: z.record(z.string(), LanguageScoreSchema),
  /** Absent for evaluations stored before eval jobs timed their decoding. */
  timing: EvaluationTimingSchema.optional(),
});
export type Evaluation = z.infer<typeof EvaluationSchema>;

export const resultChannels = {
  'results.compare': channel(
    'The paper-style comparison table of the given runs (default: every evaluated run)',
    z
      .object({
        runIds: z.array(z.string()).optional(),
        groupId: z.string().optional(),
        resamples: ResamplesSchema,
      })
      .strict(),
    ComparisonTableSchema,
  ),
  'results.pairwise': channel(
    'Paired bootstrap intervals of run B against run A on their shared test set (refused when the test sets differ)',
    z.object({ runA: z.string(), runB: z.string(), resamples: ResamplesSchema }).strict(),
    z.object({ runA: z.string(), runB: z.string(), split: z.string(), bootstrap: PairedBootstrapSchema }),
  ),
  'results.export': channel(
    'The comparison table as Markdown, CSV or JSON text',
    z
      .object({
        runIds: z.array(z.string()).optional(),
        groupId: z.string().optional(),
        resamples: ResamplesSchema,
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
