/**
 * Options of the pruned RNN-T loss and its warm-up. Defaults are icefall's pruned_transducer_stateless2 recipe
 * (egs/librispeech/ASR/pruned_transducer_stateless2/train.py): prune_range 5, lm_scale 0.25, am_scale 0,
 * simple_loss_scale 0.5, and the pruned loss's scale by step n and warm-up W (model_warm_step, 3000 there):
 *   0 for n < W (the simple loss alone learns a rough alignment), 0.1 for W ≤ n < 2W, 1 from 2W on.
 * icefall computes warmup = n / W and takes 0.1 for 1 < warmup < 2 (so exactly n = W gets 1); here n = W already
 * gets 0.1, so the ramp is one contiguous stretch.
 */

export interface PrunedLossOptions {
  /** Label positions kept per frame, R ≥ 2 (raised per batch when an utterance needs more). */
  pruneRange: number;
  /** LM-only smoothing of the simple loss (k2's lm_only_scale). */
  lmScale: number;
  /** AM-only smoothing of the simple loss (k2's am_only_scale). */
  amScale: number;
  /** Weight of the simple loss in the total: simpleLossScale · simple + prunedScale(step) · pruned. */
  simpleLossScale: number;
  /** W: the pruned loss has scale 0 before step W, 0.1 before 2W, then 1 (0: the pruned loss at 1 throughout). */
  warmupSteps: number;
}

export const PRUNED_LOSS_DEFAULTS = {
  pruneRange: 5,
  lmScale: 0.25,
  amScale: 0,
  simpleLossScale: 0.5,
} as const;

/** icefall's model_warm_step. */
export const ICEFALL_WARM_STEP = 3000;

/** The warm-up when none is given: icefall's 3000 steps, at most a quarter of the run (full scale by its half). */
export function defaultPrunedWarmup(steps: number): number {
  return Math.min(ICEFALL_WARM_STEP, Math.floor(steps / 4));
}

/** Scale of the pruned loss at (1-based) step `step` (see the file comment). */
export function prunedLossScale(step: number, warmupSteps: number): number {
  if (step >= 2 * warmupSteps) return 1;
  return step >= warmupSteps ? 0.1 : 0;
}

/**
 * Problems with pruned-loss options, as [field, reason] pairs (empty when valid). With `steps`, a warm-up that
 * does not reach the full pruned loss within the run (2W > steps) is one.
 */
export function prunedOptionProblems(
  o: PrunedLossOptions,
  steps?: number,
): [keyof PrunedLossOptions, string][] {
  const problems: [keyof PrunedLossOptions, string][] = [];
  if (!Number.isInteger(o.pruneRange) || o.pruneRange < 2)
    problems.push([
      'pruneRange',
      `must be an integer >= 2 (no alignment survives a smaller range), got ${o.pruneRange}`,
    ]);
  for (const field of ['lmScale', 'amScale', 'simpleLossScale'] as const) {
    if (!(o[field] >= 0) || !Number.isFinite(o[field]))
      problems.push([field, `must be a finite number >= 0, got ${o[field]}`]);
  }
  if (o.lmScale + o.amScale > 1)
    problems.push(['lmScale', `lmScale + amScale must be <= 1, got ${o.lmScale + o.amScale}`]);
  if (!Number.isInteger(o.warmupSteps) || o.warmupSteps < 0)
    problems.push(['warmupSteps', `must be an integer >= 0, got ${o.warmupSteps}`]);
  else if (steps !== undefined && 2 * o.warmupSteps > steps)
    problems.push([
      'warmupSteps',
      `the pruned loss reaches full scale at step 2 × ${o.warmupSteps} = ${2 * o.warmupSteps}, after the run's ${steps} steps`,
    ]);
  return problems;
}

/** Which RNN-T loss training uses: the exact full lattice (the default) or the pruned loss with its options. */
export type RnntLossOptions = { kind: 'full' } | ({ kind: 'pruned' } & PrunedLossOptions);
