import { dynamicSchedule, type DynamicConfig, type LoopDynamicOptions, type MaskSet } from '../../engine';

/** The mean sparsity of a set of masks (one per language). */
export function meanSparsity(masks: ReadonlyMap<string, MaskSet>): number {
  const s = [...masks.values()].map((m) => m.sparsity());
  return s.reduce((a, b) => a + b, 0) / s.length;
}

/**
 * The engine's options for re-selecting masks while training (dynamic pathways, adaptive LSP): the cubic schedule
 * from the starting masks' sparsity (or `initialSparsity`) to `sparsity` over `steps`, and the score's settings
 * (for 'adjust', its SGD steps and rate: the loop draws the batches).
 */
export function dynamicOptions(
  dynamic: DynamicConfig,
  steps: number,
  sparsity: number,
  masks: ReadonlyMap<string, MaskSet>,
  scope = dynamic.scope,
): LoopDynamicOptions {
  return {
    schedule: dynamicSchedule(dynamic, steps, sparsity, meanSparsity(masks)),
    totalSteps: steps,
    score: dynamic.score,
    scope,
    shadowLr: dynamic.shadowLr,
    shadowOptimizer: dynamic.shadowOptimizer,
    ...(dynamic.score === 'adjust' ? { adjust: { steps: dynamic.adjustSteps, lr: dynamic.adjustLr } } : {}),
  };
}
