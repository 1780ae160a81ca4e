import type { MaskSet } from './mask-set';
import { pruneParams, zeroPruned } from './magnitude';
import type { PruneScope } from './magnitude';
import type { ParamMap } from './param-map';
import { pruneEvent } from './train-callback';
import type { PruneEvent, TrainFn } from './train-callback';

export interface OneShotOptions {
  sparsity: number;
  scope?: PruneScope;
  finetuneSteps: number;
}

/**
 * One-shot magnitude pruning (OMP) of the survivors of `start`, then `finetuneSteps` of masked training. To continue
 * an interrupted run pass the mask it pruned to as `resume.mask`: pruning is not repeated (the weights have moved
 * since) and the caller's TrainFn skips the steps its checkpoint covers.
 */
export async function runOneShot(
  params: ParamMap,
  start: MaskSet,
  train: TrainFn,
  options: OneShotOptions,
  resume?: { mask: MaskSet },
): Promise<{ mask: MaskSet; events: PruneEvent[] }> {
  if (!Number.isInteger(options.finetuneSteps) || options.finetuneSteps < 0) {
    throw new Error(`finetuneSteps must be a non-negative integer, got ${options.finetuneSteps}`);
  }
  const mask = resume?.mask ?? (await pruneParams(params, start, options.sparsity, options.scope));
  zeroPruned(params, mask);
  await train(params, mask, options.finetuneSteps);
  return { mask, events: [pruneEvent(0, options.sparsity, mask)] };
}
