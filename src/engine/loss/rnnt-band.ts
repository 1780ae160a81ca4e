/**
 * Diagonal band for the band-limited RNN-T loss: frame t of utterance b only scores the label
 * positions u in [start(b, t), start(b, t) + width - 1], so the joiner needs computing on [B, T, width]
 * pairs instead of [B, T, U + 1]. The band follows the straight line from (0, 0) to (T_b - 1, U_b)
 * and is constrained so that at least one complete alignment stays inside it.
 */

/**
 * Band starts, row-major [B, maxT]. A start is non-decreasing in t, starts at 0, moves at most
 * width - 1 per frame and lets the last frame reach U_b. Frames t >= T_b repeat the last start.
 * Throws when an utterance has more labels than the band can emit (U_b > T_b * (width - 1)).
 */
export function diagonalBandStarts(
  logitLengths: ArrayLike<number>,
  targetLengths: ArrayLike<number>,
  maxT: number,
  width: number,
): Int32Array {
  if (!Number.isInteger(width) || width < 1)
    throw new RangeError(`band width ${width} must be an integer >= 1`);
  const B = logitLengths.length;
  if (targetLengths.length !== B) {
    throw new RangeError(`logitLengths (${B}) and targetLengths (${targetLengths.length}) differ in length`);
  }
  const starts = new Int32Array(B * maxT);
  const step = width - 1;
  for (let b = 0; b < B; b++) {
    const Tb = logitLengths[b];
    const Ub = targetLengths[b];
    if (!Number.isInteger(Tb) || Tb < 1 || Tb > maxT) {
      throw new RangeError(`logitLengths[${b}] = ${Tb} must be an integer in [1, ${maxT}]`);
    }
    if (Ub > Tb * step) {
      throw new RangeError(
        `utterance ${b}: ${Ub} labels cannot fit ${Tb} frames with band width ${width} (at most ${Tb * step})`,
      );
    }
    const highest = Math.max(0, Ub - step);
    let previous = 0;
    for (let t = 0; t < maxT; t++) {
      if (t >= Tb) {
        starts[b * maxT + t] = previous;
        continue;
      }
      const centre = Tb > 1 ? (t * Ub) / (Tb - 1) : 0;
      const lower = Math.max(0, Ub - (Tb - t) * step);
      const upper = Math.min(t * step, highest);
      let start = Math.min(Math.max(Math.round(centre - step / 2), lower), upper);
      if (t > 0) start = Math.min(start, previous + step);
      starts[b * maxT + t] = start;
      previous = start;
    }
  }
  return starts;
}

/**
 * Label position u of every banded cell, row-major [B, T, width], clamped to maxU: the predictor
 * outputs [B, maxU + 1, ·] to gather so the joiner produces the banded logits [B, T, width, V].
 */
export function bandPositions(
  starts: ArrayLike<number>,
  maxT: number,
  width: number,
  maxU: number,
): Int32Array {
  if (starts.length % maxT !== 0)
    throw new RangeError(`bandStarts hold ${starts.length} values, not a multiple of T = ${maxT}`);
  const positions = new Int32Array(starts.length * width);
  for (let row = 0; row < starts.length; row++) {
    for (let s = 0; s < width; s++) positions[row * width + s] = Math.min(starts[row] + s, maxU);
  }
  return positions;
}
