/** Independent oracles for the RNN-T loss tests: seeded data and brute-force enumeration of alignments. */
import { mulberry32 } from './mulberry32';

/** Deterministic pseudo-random floats in [lo, hi), as float64. */
export function seeded(count: number, seed: number, lo = -2, hi = 2): Float64Array {
  const next = mulberry32(seed);
  return Float64Array.from({ length: count }, () => lo + next() * (hi - lo));
}

/** Log-probabilities of one row by the textbook formula log(exp(x_v) / Σ exp(x)). */
function logSoftmaxRow(row: ArrayLike<number>): number[] {
  const m = Math.max(...Array.from(row));
  const z = Array.from(row).reduce((sum, x) => sum + Math.exp(x - m), 0);
  return Array.from(row, (x) => x - m - Math.log(z));
}

/**
 * -log Σ over every complete alignment of P(alignment), enumerating the alignments one by one.
 * logitsAt(t, u) gives the V logits of lattice cell (t, u); inBand(t, u) may exclude cells.
 */
export function bruteForceLoss(
  logitsAt: (t: number, u: number) => ArrayLike<number>,
  T: number,
  targets: number[],
  blank: number,
  inBand: (t: number, u: number) => boolean = () => true,
): number {
  const U = targets.length;
  const pathLogProbs: number[] = [];
  const walk = (t: number, u: number, logProb: number): void => {
    if (!inBand(t, u)) return;
    const lp = logSoftmaxRow(logitsAt(t, u));
    if (t === T - 1 && u === U) pathLogProbs.push(logProb + lp[blank]);
    if (t < T - 1) walk(t + 1, u, logProb + lp[blank]);
    if (u < U) walk(t, u + 1, logProb + lp[targets[u]]);
  };
  walk(0, 0, 0);
  if (pathLogProbs.length === 0) return Number.POSITIVE_INFINITY;
  const m = Math.max(...pathLogProbs);
  return -(m + Math.log(pathLogProbs.reduce((sum, lp) => sum + Math.exp(lp - m), 0)));
}

/** Number of alignments of T frames and U labels: C(T - 1 + U, U). */
export function alignmentCount(T: number, U: number): number {
  let count = 1;
  for (let i = 1; i <= U; i++) count = (count * (T - 1 + i)) / i;
  return Math.round(count);
}
