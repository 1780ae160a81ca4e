import type { MaskSet } from './mask-set';
import type { ParamMap } from './param-map';

/**
 * Train `params` in place for `steps` steps with `mask` applied (pruned weights exactly 0 in the
 * forward pass and never updated). The job layer supplies the real trainer; pruning drivers only
 * decide when to train and when to prune.
 */
export type TrainFn = (params: ParamMap, mask: MaskSet, steps: number) => Promise<void> | void;

/** What one pruning event did: the step it happened after, the target, and what it reached. */
export interface PruneEvent {
  step: number;
  target: number;
  sparsity: number;
  kept: number;
  total: number;
}

export function pruneEvent(step: number, target: number, mask: MaskSet): PruneEvent {
  const c = mask.count();
  return { step, target, sparsity: c.sparsity, kept: c.kept, total: c.total };
}
