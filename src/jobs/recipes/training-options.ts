import { z } from 'zod';
import { LrScheduleSchema, RNNT_PRESETS, RnntConfigSchema } from '../../engine';
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
