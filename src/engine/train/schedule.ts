import { z } from 'zod';

const positive = z.number().positive();
const count = z.number().int().nonnegative();

const BASE_SCHEDULES = [
  z.object({ kind: z.literal('constant'), lr: positive }).strict(),
  /** The paper's tri-stage schedule (fairseq): linear warm-up from initScale·peak, hold, exponential decay to finalScale·peak. */
  z
    .object({
      kind: z.literal('tri-stage'),
      peak: positive,
      warmupSteps: count,
      holdSteps: count,
      decaySteps: count,
      initScale: positive.default(0.01),
      finalScale: positive.default(0.05),
    })
    .strict(),
  z
    .object({
      kind: z.literal('cosine'),
      peak: positive,
      warmupSteps: count,
      totalSteps: positive,
      minLr: z.number().nonnegative().default(0),
    })
    .strict(),
  /** The calibration reference: linear warm-up to peak, then peak·sqrt(warmup/step). */
  z
    .object({
      kind: z.literal('warmup-inverse-sqrt'),
      peak: positive,
      warmupSteps: z.number().int().positive(),
    })
    .strict(),
] as const;

/** A schedule of its own: constant, tri-stage, cosine or warm-up + inverse square root. */
export const BaseLrScheduleSchema = z.discriminatedUnion('kind', [...BASE_SCHEDULES]);
export type BaseLrSchedule = z.infer<typeof BaseLrScheduleSchema>;

export const LrScheduleSchema = z.discriminatedUnion('kind', [
  ...BASE_SCHEDULES,
  /**
   * A fine-tuning run continuing its parent's schedule: `base` at step offset + t (the parent ran `offset` steps),
   * scaled by a linear warm-up min(1, t / warmupSteps) when `warmupSteps` > 0.
   */
  z
    .object({
      kind: z.literal('continued'),
      base: BaseLrScheduleSchema,
      offset: count,
      warmupSteps: count.default(0),
    })
    .strict(),
]);

export type LrSchedule = z.infer<typeof LrScheduleSchema>;
export type LrScheduleInput = z.input<typeof LrScheduleSchema>;

/**
 * `schedule` continued after `offset` more steps: a continued schedule's own base, its offsets added (a fine-tuning
 * run of a fine-tuned run follows the first schedule further), with this child's warm-up.
 */
export function continueSchedule(schedule: LrSchedule, offset: number, warmupSteps = 0): LrSchedule {
  return schedule.kind === 'continued'
    ? { kind: 'continued', base: schedule.base, offset: schedule.offset + offset, warmupSteps }
    : { kind: 'continued', base: schedule, offset, warmupSteps };
}

/** Learning rate of update number `step` (1-based). */
export function learningRate(schedule: LrSchedule, step: number): number {
  switch (schedule.kind) {
    case 'continued': {
      const warm = schedule.warmupSteps > 0 ? Math.min(1, step / schedule.warmupSteps) : 1;
      return warm * learningRate(schedule.base, schedule.offset + step);
    }
    case 'constant':
      return schedule.lr;
    case 'tri-stage': {
      const { peak, warmupSteps, holdSteps, decaySteps, initScale, finalScale } = schedule;
      if (step < warmupSteps) return peak * (initScale + ((1 - initScale) * step) / warmupSteps);
      const intoDecay = step - warmupSteps - holdSteps;
      if (intoDecay <= 0) return peak;
      if (intoDecay >= decaySteps) return peak * finalScale;
      return peak * Math.exp((Math.log(finalScale) * intoDecay) / decaySteps);
    }
    case 'cosine': {
      const { peak, warmupSteps, totalSteps, minLr } = schedule;
      if (step < warmupSteps) return (peak * step) / warmupSteps;
      const progress = Math.min(1, (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps));
      return minLr + (peak - minLr) * 0.5 * (1 + Math.cos(Math.PI * progress));
    }
    case 'warmup-inverse-sqrt':
      return schedule.peak * Math.min(step / schedule.warmupSteps, Math.sqrt(schedule.warmupSteps / step));
  }
}
