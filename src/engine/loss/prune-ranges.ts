/**
 * Pruning ranges of the pruned RNN-T loss (Kuang et al. 2022; k2's get_rnnt_prune_ranges), from the transition
 * occupations of the simple loss (transition-lattice.ts). Frame t of utterance b keeps the R label positions
 * [start(b, t), start(b, t) + R − 1]:
 *
 *  1. R is raised to ⌊(U_b − 1) / T_b⌋ + 2 (the batch's largest) when an utterance has too many labels for its
 *     frames to be emitted R − 1 per frame, and lowered to U + 1 when R > U (then the range is the whole lattice).
 *  2. For frames t < T_b − 1, start(b, t) = argmax over s ∈ [0, U + 1 − R] (first on ties) of
 *       Σ_{k < R} blankOcc(t, s + k) − labelOcc(t, s − 1)   (the second term 0 for s = 0);
 *     frames t ≥ T_b − 1 take max(0, U_b − R + 1), so the last frame's window holds the final cell.
 *  3. The starts are made non-decreasing (each becomes the minimum of itself and all later ones), then moved so
 *     that consecutive starts differ by at most R − 1 and the first frame starts at 0 — the same transform as
 *     k2's _adjust_pruning_lower_bound — so that at least one complete alignment stays inside the ranges.
 */

export interface PruneRangesInput {
  /** Blank occupations [B, T, U + 1]. */
  blankOccupancy: ArrayLike<number>;
  /** Label occupations [B, T, U + 1] (u = U unused). */
  labelOccupancy: ArrayLike<number>;
  shape: readonly [number, number, number];
  logitLengths: ArrayLike<number>;
  targetLengths: ArrayLike<number>;
  /** The requested range R (≥ 2). */
  range: number;
}

export interface PruneRanges {
  /** First label position of each frame's range, [B, T]; every start is in [0, U + 1 − range]. */
  starts: Int32Array;
  /** The range used (the requested one, raised or lowered as in step 1). */
  range: number;
  /** Utterances whose labels outnumbered what the requested range can emit over their frames. */
  raised: number;
}

/** The smallest range that lets U_b labels be emitted over T_b frames (k2's s_range_min for one utterance). */
export function minimumRange(frames: number, labels: number): number {
  return Math.trunc((labels - 1) / frames) + 2;
}

export function pruneRanges(input: PruneRangesInput): PruneRanges {
  const [B, T, U1] = input.shape;
  if (!Number.isInteger(input.range) || input.range < 2) {
    throw new RangeError(`pruneRange must be an integer >= 2, got ${input.range}`);
  }
  let range = input.range;
  let raised = 0;
  for (let b = 0; b < B; b++) {
    const needed = minimumRange(input.logitLengths[b], input.targetLengths[b]);
    if (needed > input.range) raised++;
    range = Math.max(range, needed);
  }
  if (range > U1 - 1) range = U1;
  const starts = new Int32Array(B * T);
  const lastStart = U1 - range;
  const step = range - 1;
  for (let b = 0; b < B; b++) {
    const Tb = input.logitLengths[b];
    const Ub = input.targetLengths[b];
    const row = starts.subarray(b * T, (b + 1) * T);
    const tail = Math.max(0, Ub - range + 1);
    for (let t = 0; t < T; t++) {
      if (t >= Tb - 1) {
        row[t] = tail;
        continue;
      }
      const o = (b * T + t) * U1;
      let best = Number.NEGATIVE_INFINITY;
      let arg = 0;
      for (let s = 0; s <= lastStart; s++) {
        let score = s > 0 ? -input.labelOccupancy[o + s - 1] : 0;
        for (let k = 0; k < range; k++) score += input.blankOccupancy[o + s + k];
        if (score > best) {
          best = score;
          arg = s;
        }
      }
      row[t] = arg;
    }
    // Non-decreasing: each start is the minimum of itself and every later start.
    for (let t = T - 2; t >= 0; t--) row[t] = Math.min(row[t], row[t + 1]);
    // Steps of at most R − 1 and a first start of 0: in y(t) = step·t − start(t) the same suffix minimum, then
    // y ≥ 0, then back.
    let suffix = Number.POSITIVE_INFINITY;
    for (let t = T - 1; t >= 0; t--) {
      suffix = Math.min(suffix, step * t - row[t]);
      row[t] = step * t - Math.max(0, suffix);
    }
  }
  return { starts, range, raised };
}
