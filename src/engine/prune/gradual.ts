import type { MaskSet } from './mask-set';
import { pruneParams, zeroPruned } from './magnitude';
import type { PruneScope } from './magnitude';
import type { ParamMap } from './param-map';
import { checkSparsity } from './sparsity';
import { pruneEvent } from './train-callback';
import type { PruneEvent, TrainFn } from './train-callback';

/** Zhu & Gupta: prune at t₀, t₀ + Δt, …, t₀ + n·Δt from s_i to s_f along a cubic. */
export interface CubicSchedule {
  initialSparsity: number;
  finalSparsity: number;
  startStep: number;
  every: number;
  count: number;
}

export function checkCubicSchedule(schedule: CubicSchedule): void {
  checkSparsity(schedule.initialSparsity, 'initialSparsity');
  checkSparsity(schedule.finalSparsity, 'finalSparsity');
  if (!Number.isInteger(schedule.startStep) || schedule.startStep < 0) {
    throw new Error(`startStep must be a non-negative integer, got ${schedule.startStep}`);
  }
  if (!Number.isInteger(schedule.every) || schedule.every < 1)
    throw new Error(`every must be a positive integer, got ${schedule.every}`);
  if (!Number.isInteger(schedule.count) || schedule.count < 1)
    throw new Error(`count must be a positive integer, got ${schedule.count}`);
}

/**
 * s_t = s_f + (s_i − s_f)·(1 − (t − t₀)/(n·Δt))³ for t₀ ≤ t ≤ t₀ + n·Δt; s_i before, s_f after.
 */
export function cubicSparsity(step: number, schedule: CubicSchedule): number {
  const { initialSparsity: si, finalSparsity: sf, startStep: t0, every, count } = schedule;
  if (step <= t0) return si;
  if (step >= t0 + count * every) return sf;
  return sf + (si - sf) * (1 - (step - t0) / (count * every)) ** 3;
}

/** Steps at which the schedule prunes: t₀ + j·Δt, j = 0…n. */
export function pruningSteps(schedule: CubicSchedule): number[] {
  return Array.from({ length: schedule.count + 1 }, (_, j) => schedule.startStep + j * schedule.every);
}

export interface GradualOptions {
  schedule: CubicSchedule;
  /** Total training steps of the run (≥ the last pruning step); training continues after it. */
  totalSteps: number;
  scope?: PruneScope;
}

/**
 * Gradual magnitude pruning: train, and at every scheduled step prune the survivors down to s_t
 * (masks only lose weights). The final mask has exactly s_f (global scope: exact count).
 */
export async function runGradual(
  params: ParamMap,
  start: MaskSet,
  train: TrainFn,
  options: GradualOptions,
): Promise<{ mask: MaskSet; events: PruneEvent[] }> {
  const { schedule } = options;
  checkCubicSchedule(schedule);
  if (schedule.finalSparsity < schedule.initialSparsity) {
    throw new Error(
      `finalSparsity ${schedule.finalSparsity} is below initialSparsity ${schedule.initialSparsity}`,
    );
  }
  const steps = pruningSteps(schedule);
  if (options.totalSteps < steps[steps.length - 1]) {
    throw new Error(
      `totalSteps ${options.totalSteps} ends before the last pruning step ${steps[steps.length - 1]}`,
    );
  }
  start.validateAgainst(params);
  zeroPruned(params, start);
  let mask = start;
  let step = 0;
  const events: PruneEvent[] = [];
  for (const at of steps) {
    await train(params, mask, at - step);
    step = at;
    const target = cubicSparsity(at, schedule);
    mask = await pruneParams(params, mask, target, options.scope);
    zeroPruned(params, mask);
    events.push(pruneEvent(at, target, mask));
  }
  await train(params, mask, options.totalSteps - step);
  return { mask, events };
}
