import { tf } from '../tf';
import type { MaskSet } from './mask-set';
import { pruneParams, zeroPruned } from './magnitude';
import type { PruneScope } from './magnitude';
import type { ParamMap } from './param-map';
import { checkSparsity, keptCount } from './sparsity';
import { pruneEvent } from './train-callback';
import type { PruneEvent, TrainFn } from './train-callback';

/** LTH rewind point: the checkpoint the run started from, or the weights after `step` training steps. */
export type RewindPoint = { to: 'start' } | { to: 'step'; step: number };

export interface ImpOptions {
  /** Final sparsity over all prunable weights, reached exactly after the last round. */
  sparsity: number;
  rounds: number;
  /**
   * Fraction of the survivors each round but the last prunes (the last reaches the target exactly); `rounds` must
   * then be {@link impRoundsFor}. Default: the equal fraction p = 1 − (1 − s)^(1/rounds).
   */
  fraction?: number;
  stepsPerRound: number;
  /** Training steps after the last pruning (default: stepsPerRound). */
  finalSteps?: number;
  scope?: PruneScope;
  /** Set for LTH: after every pruning, surviving weights go back to their values at this point. */
  rewind?: RewindPoint;
  /**
   * LTH: called once `params` hold the rewind point's weights, when this call takes them itself (not given as
   * `resume.rewindTo`): to start before round 1, to a step between round 1's two train calls (after `step` steps,
   * before the rest of the round). A job saves them here to resume later.
   */
  onRewindPoint?: () => void | Promise<void>;
  /** LTH: called after each rewind of the weights (a job resets the optimizer here when asked). */
  onRewind?: () => void;
}

/**
 * Continue an interrupted IMP run: `roundsDone` pruning rounds are complete and `mask` is the mask after them
 * (`params` hold the weights of the checkpoint being resumed). The rounds already done are neither trained nor
 * pruned again; the next round's `train` call is made in full, so the caller's TrainFn skips the steps its
 * checkpoint already covers. `rewindTo` (LTH) gives the rewind point's weights, which `params` no longer are; only
 * an LTH run rewinding to step k that stopped in round 1 at or before step k leaves it out: round 1 is then trained
 * in two calls again (k steps, then the rest) and the rewind point taken between them, as in an uninterrupted run.
 */
export interface ImpResume {
  roundsDone: number;
  mask: MaskSet;
  rewindTo?: ReadonlyMap<string, tf.Tensor>;
}

export interface ImpResult {
  mask: MaskSet;
  events: PruneEvent[];
  /** The mask after each round run by this call (the last is `mask`): an early round gives a "middle sparsity" mask. */
  roundMasks: MaskSet[];
}

/**
 * Fraction of the survivors pruned per round so that n rounds reach the target from the start:
 * p = 1 − ((1 − s)/(1 − s₀))^(1/n) (with s₀ = 0, the paper's p = 1 − (1 − s)^(1/n)).
 */
export function impPruneFraction(sparsity: number, rounds: number, startSparsity = 0): number {
  return 1 - ((1 - sparsity) / (1 - startSparsity)) ** (1 / rounds);
}

/** Rounds that pruning a fraction p of the survivors per round takes to reach sparsity s: ⌈ln(1 − s) / ln(1 − p)⌉. */
export function impRoundsFor(sparsity: number, fraction: number): number {
  if (!(fraction > 0 && fraction < 1)) throw new Error(`fraction must be in (0, 1), got ${fraction}`);
  return Math.max(1, Math.ceil(Math.log(1 - sparsity) / Math.log(1 - fraction) - 1e-9));
}

/**
 * Weights kept after `round` of `rounds` IMP rounds: kept₀·(1 − p)^round with p = `fraction` or the equal fraction,
 * exactly round((1 − s)·N) at the end.
 */
export function impKeptAfter(
  round: number,
  rounds: number,
  sparsity: number,
  total: number,
  startKept = total,
  fraction?: number,
): number {
  if (round === rounds) return keptCount(total, sparsity);
  const p = fraction ?? impPruneFraction(sparsity, rounds, 1 - startKept / total);
  return Math.round(startKept * (1 - p) ** round);
}

function checkImpOptions(options: ImpOptions): void {
  checkSparsity(options.sparsity);
  if (!Number.isInteger(options.rounds) || options.rounds < 1)
    throw new Error(`rounds must be a positive integer, got ${options.rounds}`);
  if (!Number.isInteger(options.stepsPerRound) || options.stepsPerRound < 0) {
    throw new Error(`stepsPerRound must be a non-negative integer, got ${options.stepsPerRound}`);
  }
  if (options.fraction !== undefined && options.rounds !== impRoundsFor(options.sparsity, options.fraction))
    throw new Error(
      `rounds must be ${impRoundsFor(options.sparsity, options.fraction)} to reach sparsity ${options.sparsity} pruning ${options.fraction} of the survivors a round, got ${options.rounds}`,
    );
  const rewind = options.rewind;
  if (
    rewind?.to === 'step' &&
    (!Number.isInteger(rewind.step) || rewind.step < 0 || rewind.step > options.stepsPerRound)
  ) {
    throw new Error(
      `rewind.step must be an integer in [0, stepsPerRound = ${options.stepsPerRound}], got ${rewind.step}`,
    );
  }
}

function checkResume(resume: ImpResume | undefined, options: ImpOptions): void {
  if (!resume) return;
  const { roundsDone } = resume;
  if (!Number.isInteger(roundsDone) || roundsDone < 0 || roundsDone > options.rounds)
    throw new Error(`resume.roundsDone must be an integer in [0, ${options.rounds}], got ${roundsDone}`);
  const beforeRewindStep = options.rewind?.to === 'step' && roundsDone === 0;
  if (options.rewind && !resume.rewindTo && !beforeRewindStep) {
    throw new Error(
      `resuming an LTH run after ${roundsDone} rounds needs the weights of its rewind point (resume.rewindTo)`,
    );
  }
}

function snapshot(params: ReadonlyMap<string, tf.Tensor>): Map<string, tf.Tensor> {
  return new Map([...params].map(([name, v]) => [name, tf.clone(v)]));
}

/**
 * Iterative magnitude pruning (LTH when `rewind` is set): n rounds of {train stepsPerRound steps
 * with the mask; prune a fraction p of the survivors}, then `finalSteps` more training. With
 * rewinding, after each pruning every parameter goes back to the rewind point and pruned weights
 * are set to 0. `params` is modified in place; `start` (usually all ones) is not.
 */
export async function runImp(
  params: ParamMap,
  start: MaskSet,
  train: TrainFn,
  options: ImpOptions,
  resume?: ImpResume,
): Promise<ImpResult> {
  checkImpOptions(options);
  start.validateAgainst(params);
  checkResume(resume, options);
  const { total, kept: startKept } = start.count();
  if (keptCount(total, options.sparsity) > startKept) {
    throw new Error(
      `start mask keeps ${startKept} of ${total} weights, fewer than sparsity ${options.sparsity} keeps`,
    );
  }
  let mask = resume?.mask ?? start;
  zeroPruned(params, mask);
  let rewindTo = options.rewind && resume?.rewindTo ? snapshot(resume.rewindTo) : undefined;
  const takeRewindPoint = async () => {
    rewindTo = snapshot(params);
    await options.onRewindPoint?.();
  };
  const events: PruneEvent[] = [];
  const roundMasks: MaskSet[] = [];
  const roundsDone = resume?.roundsDone ?? 0;
  let step = roundsDone * options.stepsPerRound;
  try {
    if (options.rewind?.to === 'start' && !rewindTo) await takeRewindPoint();
    for (let round = roundsDone + 1; round <= options.rounds; round++) {
      if (round === 1 && options.rewind?.to === 'step' && !rewindTo) {
        await train(params, mask, options.rewind.step);
        await takeRewindPoint();
        await train(params, mask, options.stepsPerRound - options.rewind.step);
      } else {
        await train(params, mask, options.stepsPerRound);
      }
      step += options.stepsPerRound;
      const kept = impKeptAfter(round, options.rounds, options.sparsity, total, startKept, options.fraction);
      mask = await pruneParams(params, mask, 1 - kept / total, options.scope);
      if (options.scope !== 'per-tensor' && mask.count().kept !== kept) {
        throw new Error(`internal: round ${round} kept ${mask.count().kept}, expected ${kept}`);
      }
      if (rewindTo) {
        for (const [name, v] of params) v.assign(rewindTo.get(name)!);
        options.onRewind?.();
      }
      zeroPruned(params, mask);
      events.push(pruneEvent(step, 1 - kept / total, mask));
      roundMasks.push(mask);
    }
    await train(params, mask, options.finalSteps ?? options.stepsPerRound);
  } finally {
    rewindTo?.forEach((t) => t.dispose());
  }
  return { mask, events, roundMasks };
}
