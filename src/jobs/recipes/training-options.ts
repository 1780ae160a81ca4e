import { z } from 'zod';
import {
  defaultPrunedWarmup,
  LrScheduleSchema,
  PRUNED_LOSS_DEFAULTS,
  prunedOptionProblems,
  RNNT_PRESETS,
  RnntConfigSchema,
  type RnntLossOptions,
} from '../../engine';
import { MODEL_PRESETS, SCALES, type Scale } from '../../shared/api';

/** Steps of training by experiment scale, when the config does not name `steps`. */
export const SCALE_STEPS: Record<Scale, number> = { smoke: 20, demo: 1000, full: 20000 };

/** Run-config fields every training kind shares (dense, prune, pathways). */
export const TrainingFields = {
  /** The comparison table's row (default: the run kind). */
  system: z.string().min(1).optional(),
  computeMatched: z.boolean().optional(),
  preset: z.enum(MODEL_PRESETS).default('demo'),
  scale: z.enum(SCALES).default('demo'),
  steps: z.number().int().min(1).optional(),
  batchFrames: z.number().int().min(1).default(6000),
  schedule: LrScheduleSchema.optional(),
  clipNorm: z.number().positive().default(5),
  checkpointEvery: z.number().int().min(1).default(50),
  /** Dev-set greedy WER/CER every this many steps (a multiple of checkpointEvery is evaluated after the checkpoint). */
  devEvery: z.number().int().min(1).optional(),
  /** Dev utterances decoded per language at each dev evaluation. */
  devUtterances: z.number().int().min(0).default(20),
  /**
   * A run that starts from another run's weights: continue that run's learning-rate schedule from its final rate
   * (`continue`, default; optionally after `warmupSteps` of linear warm-up) or warm up to the peak again
   * (`rewarm`). A configured `schedule` wins over both.
   */
  finetune: z
    .object({
      schedule: z.enum(['continue', 'rewarm']).default('continue'),
      warmupSteps: z.number().int().min(0).default(0),
    })
    .strict()
    .default({}),
  /** RNN-T loss: 'full' (the exact loss, default) or 'pruned' (k2/icefall pruned RNN-T, docs/methods.md). */
  loss: z.enum(['full', 'pruned']).default('full'),
  /** Pruned loss: label positions kept per frame (≥ 2; raised per batch, and logged, when an utterance needs more). */
  pruneRange: z.number().int().min(2).default(PRUNED_LOSS_DEFAULTS.pruneRange),
  /** Pruned loss: LM-only smoothing of the simple loss (k2's lm_only_scale). */
  lmScale: z.number().min(0).max(1).default(PRUNED_LOSS_DEFAULTS.lmScale),
  /** Pruned loss: AM-only smoothing of the simple loss (k2's am_only_scale). */
  amScale: z.number().min(0).max(1).default(PRUNED_LOSS_DEFAULTS.amScale),
  /** Pruned loss: weight of the simple loss. */
  simpleLossScale: z.number().min(0).default(PRUNED_LOSS_DEFAULTS.simpleLossScale),
  /**
   * Pruned loss: warm-up W (icefall's model_warm_step): pruned-loss scale 0 before step W, 0.1 before 2W, then 1.
   * Default min(3000, ⌊steps / 4⌋); 2W may not exceed the run's steps.
   */
  prunedWarmupSteps: z.number().int().min(0).optional(),
};

export const TrainingFieldsSchema = z.object(TrainingFields);
export type TrainingFieldValues = z.infer<typeof TrainingFieldsSchema>;

/** Training steps of a run: `steps`, else the scale's default. */
export function stepsOf(o: Pick<TrainingFieldValues, 'steps' | 'scale'>): number {
  return o.steps ?? SCALE_STEPS[o.scale];
}

/** The schedule of a run: the configured one, else the calibration reference (warm-up to 1e-3, inverse sqrt). */
export function scheduleOf(
  o: Pick<TrainingFieldValues, 'schedule' | 'steps' | 'scale'>,
): z.input<typeof LrScheduleSchema> {
  return (
    o.schedule ?? {
      kind: 'warmup-inverse-sqrt',
      peak: 1e-3,
      warmupSteps: Math.max(1, Math.min(300, Math.round(stepsOf(o) / 4))),
    }
  );
}

/**
 * Check preset + overrides as a model config (vocabSize comes from the tokenizer later, so a placeholder stands
 * in when the overrides leave it out); issues are reported under `model.<field>`.
 */
export function checkModelOverrides(
  preset: keyof typeof RNNT_PRESETS,
  model: Record<string, unknown>,
  ctx: z.RefinementCtx,
): void {
  const parsed = RnntConfigSchema.safeParse({ ...RNNT_PRESETS[preset], ...model });
  if (parsed.success) return;
  for (const issue of parsed.error.issues) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['model', ...issue.path], message: issue.message });
  }
}

type LossFields = Pick<
  TrainingFieldValues,
  'loss' | 'pruneRange' | 'lmScale' | 'amScale' | 'simpleLossScale' | 'prunedWarmupSteps'
>;

/** The run-config field of each pruned-loss option. */
const LOSS_FIELD = { warmupSteps: 'prunedWarmupSteps' } as const;

/** The loss of a run of `steps` steps, with the problems of its options as [run-config field, reason] pairs. */
function lossWithProblems(
  o: LossFields,
  steps: number,
): { loss: RnntLossOptions; problems: [string, string][] } {
  if (o.loss === 'full') return { loss: { kind: 'full' }, problems: [] };
  const loss = {
    kind: 'pruned' as const,
    pruneRange: o.pruneRange,
    lmScale: o.lmScale,
    amScale: o.amScale,
    simpleLossScale: o.simpleLossScale,
    warmupSteps: o.prunedWarmupSteps ?? defaultPrunedWarmup(steps),
  };
  const problems = prunedOptionProblems(loss, steps).map(([field, why]): [string, string] => [
    field === 'warmupSteps' ? LOSS_FIELD.warmupSteps : field,
    why,
  ]);
  return { loss, problems };
}

/** The training loop's loss option for a run of `steps` steps; throws naming the run-config field when invalid. */
export function lossOf(o: LossFields, steps: number): RnntLossOptions {
  const { loss, problems } = lossWithProblems(o, steps);
  if (problems.length > 0) throw new Error(problems.map(([f, why]) => `run config ${f}: ${why}`).join('; '));
  return loss;
}

/** Report the loss options' problems for a run of `steps` steps under their run-config fields. */
export function checkLossFields(o: LossFields, steps: number, ctx: z.RefinementCtx): void {
  for (const [field, message] of lossWithProblems(o, steps).problems)
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: [field], message });
}
