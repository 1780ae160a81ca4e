import { z } from 'zod';

const positive = z.number().positive();
const count = z.number().int().nonnegative();

export const LrScheduleSchema = z.discriminatedUnion('kind', [
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
]);

export type LrSchedule = z.infer<typeof LrScheduleSchema>;
export type LrScheduleInput = z.input<typeof LrScheduleSchema>;

/** Learning rate of update number `step` (1-based). */
export function learningRate(schedule: LrSchedule, step: number): number {
  switch (schedule.kind) {
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
