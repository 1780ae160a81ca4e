/**
 * The RNN-T recursion on given transition log-probabilities, in float64: the lattice of rnnt-lattice.ts, but the
 * caller supplies log p(blank | t, u) and log p(y_{u+1} | t, u) per cell instead of logits. It returns the loss
 * and the occupation of every transition, which is minus the gradient of the loss w.r.t. that log-probability
 * (k2 calls these px_grad / py_grad). Used by the simple (additive-joiner) loss of the pruned RNN-T
 * (simple-rnnt.ts), whose occupations choose the pruning ranges (prune-ranges.ts).
 */

const NEG_INF = Number.NEGATIVE_INFINITY;

function logAddExp(a: number, b: number): number {
  if (a === NEG_INF) return b;
  if (b === NEG_INF) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

export interface TransitionLatticeInput {
  /** log p(blank) at cell (b, t, u), row-major [B, T, U + 1]. */
  blank: ArrayLike<number>;
  /** log p(label u + 1) at cell (b, t, u), row-major [B, T, U + 1]; read only for u < U_b. */
  label: ArrayLike<number>;
  /** [B, T, U + 1]. */
  shape: readonly [number, number, number];
  /** [B] frames per utterance, 1..T. */
  logitLengths: ArrayLike<number>;
  /** [B] labels per utterance, 0..U. */
  targetLengths: ArrayLike<number>;
}

export interface TransitionLatticeResult {
  /** −log p(targets) per utterance; +Infinity when no alignment is possible. */
  losses: Float64Array;
  /** Occupation of the blank leaving each cell, [B, T, U + 1] (0 outside an utterance's lattice). */
  blankOccupancy: Float64Array;
  /** Occupation of the label leaving each cell, [B, T, U + 1] (0 for u ≥ U_b and outside the lattice). */
  labelOccupancy: Float64Array;
}

/** Forward-backward over every utterance's lattice; occupations are 0 for an impossible utterance. */
export function transitionLattice(input: TransitionLatticeInput): TransitionLatticeResult {
  const [B, T, U1] = input.shape;
  const cells = T * U1;
  if (input.blank.length !== B * cells || input.label.length !== B * cells) {
    throw new RangeError(`transition lattice: blank and label must hold B·T·(U+1) = ${B * cells} values`);
  }
  const losses = new Float64Array(B);
  const blankOccupancy = new Float64Array(B * cells);
  const labelOccupancy = new Float64Array(B * cells);
  const alpha = new Float64Array(cells);
  const beta = new Float64Array(cells);
  for (let b = 0; b < B; b++) {
    const Tb = input.logitLengths[b];
    const Ub = input.targetLengths[b];
    if (!(Number.isInteger(Tb) && Tb >= 1 && Tb <= T && Number.isInteger(Ub) && Ub >= 0 && Ub < U1)) {
      throw new RangeError(
        `transition lattice: utterance ${b} has ${Tb} frames and ${Ub} labels for [${T}, ${U1}]`,
      );
    }
    const base = b * cells;
    const blank = (t: number, u: number): number => input.blank[base + t * U1 + u];
    const label = (t: number, u: number): number => input.label[base + t * U1 + u];
    alpha.fill(NEG_INF);
    beta.fill(NEG_INF);
    for (let t = 0; t < Tb; t++) {
      for (let u = 0; u <= Ub; u++) {
        if (t === 0 && u === 0) alpha[0] = 0;
        else {
          const fromBlank = t > 0 ? alpha[(t - 1) * U1 + u] + blank(t - 1, u) : NEG_INF;
          const fromLabel = u > 0 ? alpha[t * U1 + u - 1] + label(t, u - 1) : NEG_INF;
          alpha[t * U1 + u] = logAddExp(fromBlank, fromLabel);
        }
      }
    }
    for (let t = Tb - 1; t >= 0; t--) {
      for (let u = Ub; u >= 0; u--) {
        const viaBlank = t < Tb - 1 ? beta[(t + 1) * U1 + u] + blank(t, u) : u === Ub ? blank(t, u) : NEG_INF;
        const viaLabel = u < Ub ? beta[t * U1 + u + 1] + label(t, u) : NEG_INF;
        beta[t * U1 + u] = logAddExp(viaBlank, viaLabel);
      }
    }
    const logP = beta[0];
    if (!(logP > NEG_INF)) {
      losses[b] = Number.POSITIVE_INFINITY;
      continue;
    }
    if (Number.isNaN(logP))
      throw new RangeError(`transition lattice: utterance ${b} has NaN log-probabilities`);
    losses[b] = -logP;
    for (let t = 0; t < Tb; t++) {
      for (let u = 0; u <= Ub; u++) {
        const c = t * U1 + u;
        const a = alpha[c];
        const next = t < Tb - 1 ? beta[c + U1] : u === Ub ? 0 : NEG_INF;
        blankOccupancy[base + c] = Math.exp(a + blank(t, u) + next - logP);
        if (u < Ub) labelOccupancy[base + c] = Math.exp(a + label(t, u) + beta[c + 1] - logP);
      }
    }
  }
  return { losses, blankOccupancy, labelOccupancy };
}
