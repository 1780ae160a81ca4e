/**
 * The RNN-T lattice on transition log-probabilities read back from the device ([B, T, W, 2], loss/band-log-probs.ts
 * or the simple loss's): each cell (b, t, s) is placed at label position u = start(b, t) + s of the [B, T, U + 1]
 * lattice, cells outside the band stay at log 0 = -∞ (the band lattice of rnnt-lattice.ts), and the recursion of
 * transition-lattice.ts gives the losses and every transition's occupation, which is minus the loss's gradient
 * w.r.t. that log-probability.
 */
import { transitionLattice, type TransitionLatticeResult } from './transition-lattice';

export interface BandLatticeInput {
  /** Row-major [B, T, W, 2]: log p(blank), log p(label) per cell. */
  logProbs: ArrayLike<number>;
  /** [B, T, W, U]. */
  shape: readonly [number, number, number, number];
  /** [B, T] first label position per frame; absent for the full lattice (W = U + 1). */
  starts?: ArrayLike<number>;
  logitLengths: ArrayLike<number>;
  targetLengths: ArrayLike<number>;
}

export interface BandLatticeResult {
  /** The lattice on [B, T, U + 1] (its occupations feed the pruning ranges). */
  lattice: TransitionLatticeResult;
  /** Occupations in the input's layout, [B, T, W, 2] (0 for cells past U). */
  occupancy: Float32Array;
}

const NEG_INF = Number.NEGATIVE_INFINITY;

export function bandLattice(input: BandLatticeInput): BandLatticeResult {
  const [B, T, W, U] = input.shape;
  const U1 = U + 1;
  if (input.logProbs.length !== B * T * W * 2) {
    throw new RangeError(
      `band lattice: log-probabilities hold ${input.logProbs.length}, need ${B * T * W * 2}`,
    );
  }
  const cell = (b: number, t: number, s: number): number => {
    const u = (input.starts === undefined ? 0 : input.starts[b * T + t]) + s;
    return u <= U ? (b * T + t) * U1 + u : -1;
  };
  /** Every band cell that lies on the lattice: its lattice cell c and its (blank, label) pair at i, i + 1. */
  const eachCell = (visit: (c: number, i: number) => void) => {
    for (let b = 0; b < B; b++)
      for (let t = 0; t < T; t++)
        for (let s = 0; s < W; s++) {
          const c = cell(b, t, s);
          if (c >= 0) visit(c, ((b * T + t) * W + s) * 2);
        }
  };
  const blank = new Float64Array(B * T * U1).fill(NEG_INF);
  const label = new Float64Array(B * T * U1).fill(NEG_INF);
  eachCell((c, i) => {
    blank[c] = input.logProbs[i];
    label[c] = input.logProbs[i + 1];
  });
  const lattice = transitionLattice({
    blank,
    label,
    shape: [B, T, U1],
    logitLengths: input.logitLengths,
    targetLengths: input.targetLengths,
  });
  const occupancy = new Float32Array(B * T * W * 2);
  eachCell((c, i) => {
    occupancy[i] = lattice.blankOccupancy[c];
    occupancy[i + 1] = lattice.labelOccupancy[c];
  });
  return { lattice, occupancy };
}
