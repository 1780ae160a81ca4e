/**
 * RNN-T loss on plain arrays: log-softmax, forward-backward (alpha/beta) in log space and the exact
 * gradient w.r.t. the un-normalised logits, with the conventions of torchaudio.functional.rnnt_loss.
 *
 * Lattice of utterance b: frames t < T_b, label positions u <= U_b. From (t, u) a blank moves to
 * (t + 1, u), label y_u moves to (t, u + 1); the final blank at (T_b - 1, U_b) ends the path.
 * Logits are row-major [B, T, W, V]; row (b, t, s) holds label position u = start(b, t) + s, where
 * start is 0 and W = U + 1 for the full lattice, or given per frame for a band (see rnnt-band.ts).
 */

export type FloatArray = Float32Array | Float64Array;
export type IntArrayLike = Int32Array | readonly number[];

export interface RnntLatticeInput<A extends FloatArray = FloatArray> {
  /** Un-normalised joiner outputs, row-major [B, T, W, V]. Never modified. */
  logits: A;
  /** [B, T, W, V]. */
  shape: readonly [number, number, number, number];
  /** Label ids, row-major [B, U]; U = targets.length / B. */
  targets: IntArrayLike;
  /** [B] frames per utterance, 1..T. */
  logitLengths: IntArrayLike;
  /** [B] labels per utterance, 0..U. */
  targetLengths: IntArrayLike;
  /** Blank id; negative counts from the end of the vocabulary (torchaudio's default is -1). */
  blank?: number;
  /** [B, T] first label position of each frame's row block; absent for the full lattice (W = U + 1). */
  bandStarts?: IntArrayLike;
}

/** State kept between the forward pass and the gradient; the gradient reuses the softmax buffer in place. */
export interface RnntForwardState<A extends FloatArray = FloatArray> {
  /** Negative log-likelihood per utterance; +Infinity when no alignment has non-zero probability. */
  losses: Float64Array;
  computeGradient(scales: ArrayLike<number>): A;
}

const NEG_INF = Number.NEGATIVE_INFINITY;

function logAddExp(a: number, b: number): number {
  if (a === NEG_INF) return b;
  if (b === NEG_INF) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

function checkInt(name: string, value: number, lo: number, hi: number): number {
  if (!Number.isInteger(value) || value < lo || value > hi) {
    throw new RangeError(`rnntLoss: ${name} = ${value} must be an integer in [${lo}, ${hi}]`);
  }
  return value;
}

interface Layout {
  B: number;
  T: number;
  W: number;
  V: number;
  U: number;
  blank: number;
}

function validate(input: RnntLatticeInput): Layout {
  const [B, T, W, V] = input.shape;
  if (input.shape.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new RangeError(`rnntLoss: logits shape [${input.shape.join(', ')}] must be 4 positive integers`);
  }
  if (input.logits.length !== B * T * W * V) {
    throw new RangeError(`rnntLoss: logits hold ${input.logits.length} values, shape needs ${B * T * W * V}`);
  }
  if (input.targets.length % B !== 0) {
    throw new RangeError(`rnntLoss: targets hold ${input.targets.length} values, not a multiple of B = ${B}`);
  }
  const U = input.targets.length / B;
  if (input.logitLengths.length !== B || input.targetLengths.length !== B) {
    throw new RangeError(
      `rnntLoss: logitLengths (${input.logitLengths.length}) and targetLengths (${input.targetLengths.length}) must have B = ${B} entries`,
    );
  }
  if (input.bandStarts === undefined && W !== U + 1) {
    throw new RangeError(`rnntLoss: logits dim 2 is ${W}, must be max target length + 1 = ${U + 1}`);
  }
  if (input.bandStarts !== undefined && input.bandStarts.length !== B * T) {
    throw new RangeError(
      `rnntLoss: bandStarts hold ${input.bandStarts.length} values, must be B * T = ${B * T}`,
    );
  }
  const rawBlank = input.blank ?? -1;
  const blank = checkInt('blank', rawBlank < 0 ? V + rawBlank : rawBlank, 0, V - 1);
  if (input.bandStarts !== undefined) {
    for (let i = 0; i < B * T; i++) {
      checkInt(`bandStarts[${Math.floor(i / T)}][${i % T}]`, input.bandStarts[i], 0, U);
    }
  }
  for (let b = 0; b < B; b++) {
    checkInt(`logitLengths[${b}]`, input.logitLengths[b], 1, T);
    const Ub = checkInt(`targetLengths[${b}]`, input.targetLengths[b], 0, U);
    for (let u = 0; u < Ub; u++) {
      const y = checkInt(`targets[${b}][${u}]`, input.targets[b * U + u], 0, V - 1);
      if (y === blank) throw new RangeError(`rnntLoss: targets[${b}][${u}] is the blank id ${blank}`);
    }
  }
  return { B, T, W, V, U, blank };
}

/**
 * Forward pass. Computes the softmax numerators once (kept for the gradient), gathers the blank and
 * target log-probabilities, runs alpha and beta in float64. Throws on NaN or +Infinity logits.
 */
export function rnntForward<A extends FloatArray>(input: RnntLatticeInput<A>): RnntForwardState<A> {
  const { B, T, W, V, U, blank } = validate(input);
  const x = input.logits;
  const buf = new (x.constructor as new (n: number) => A)(x.length);
  const cells = T * (U + 1);
  // Per lattice cell (b, t, u): 1 / softmax denominator (after max shift), log-probs, alpha, beta.
  const invSum = new Float64Array(B * cells);
  const blankLp = new Float64Array(B * cells).fill(NEG_INF);
  const labelLp = new Float64Array(B * cells).fill(NEG_INF);
  const alpha = new Float64Array(B * cells).fill(NEG_INF);
  const beta = new Float64Array(B * cells).fill(NEG_INF);
  const losses = new Float64Array(B);
  const starts = input.bandStarts;

  for (let b = 0; b < B; b++) {
    const Tb = input.logitLengths[b];
    const Ub = input.targetLengths[b];
    const base = b * cells;
    for (let t = 0; t < Tb; t++) {
      const start = starts === undefined ? 0 : starts[b * T + t];
      const uEnd = Math.min(Ub, start + W - 1);
      for (let u = start; u <= uEnd; u++) {
        const o = ((b * T + t) * W + (u - start)) * V;
        let m = NEG_INF;
        for (let v = 0; v < V; v++) if (x[o + v] > m) m = x[o + v];
        const cell = base + t * (U + 1) + u;
        if (m === NEG_INF) continue; // every logit -inf: the row has probability 0 everywhere
        let sum = 0;
        for (let v = 0; v < V; v++) {
          const e = Math.exp(x[o + v] - m);
          buf[o + v] = e;
          sum += e;
        }
        if (!(sum >= 1 && sum < Number.POSITIVE_INFINITY)) {
          throw new RangeError(`rnntLoss: logits[${b}][${t}][${u - start}] contain NaN or +Infinity`);
        }
        const lse = m + Math.log(sum);
        invSum[cell] = 1 / sum;
        blankLp[cell] = x[o + blank] - lse;
        if (u < Ub) labelLp[cell] = x[o + input.targets[b * U + u]] - lse;
      }
    }
    for (let t = 0; t < Tb; t++) {
      for (let u = 0; u <= Ub; u++) {
        const c = base + t * (U + 1) + u;
        if (t === 0 && u === 0) alpha[c] = 0;
        else {
          const fromBlank = t > 0 ? alpha[c - U - 1] + blankLp[c - U - 1] : NEG_INF;
          const fromLabel = u > 0 ? alpha[c - 1] + labelLp[c - 1] : NEG_INF;
          alpha[c] = logAddExp(fromBlank, fromLabel);
        }
      }
    }
    for (let t = Tb - 1; t >= 0; t--) {
      for (let u = Ub; u >= 0; u--) {
        const c = base + t * (U + 1) + u;
        if (t === Tb - 1 && u === Ub) beta[c] = blankLp[c];
        else {
          const viaBlank = t < Tb - 1 ? beta[c + U + 1] + blankLp[c] : NEG_INF;
          const viaLabel = u < Ub ? beta[c + 1] + labelLp[c] : NEG_INF;
          beta[c] = logAddExp(viaBlank, viaLabel);
        }
      }
    }
    const logLikelihood = beta[base];
    losses[b] = logLikelihood === NEG_INF ? Number.POSITIVE_INFINITY : -logLikelihood;
  }

  let consumed = false;
  const computeGradient = (scales: ArrayLike<number>): A => {
    if (consumed) throw new Error('rnntLoss: the gradient of a forward pass can be computed only once');
    consumed = true;
    for (let b = 0; b < B; b++) {
      const Tb = input.logitLengths[b];
      const Ub = input.targetLengths[b];
      const base = b * cells;
      const logP = -losses[b];
      // An impossible utterance (logP = -inf) has loss +Infinity and gets zero gradient.
      const scale = logP === NEG_INF ? 0 : scales[b];
      for (let t = 0; t < Tb; t++) {
        const start = starts === undefined ? 0 : starts[b * T + t];
        const uEnd = Math.min(Ub, start + W - 1);
        for (let u = start; u <= uEnd; u++) {
          const o = ((b * T + t) * W + (u - start)) * V;
          const c = base + t * (U + 1) + u;
          if (invSum[c] === 0) continue; // every logit -inf: the buffer row already holds zeros
          if (scale === 0) {
            buf.fill(0, o, o + V);
            continue;
          }
          const a = alpha[c];
          // d loss / d logit_v = occupancy * softmax_v - sum over transitions leaving (t, u) with token v.
          const g = scale * Math.exp(a + beta[c] - logP) * invSum[c];
          for (let v = 0; v < V; v++) buf[o + v] *= g;
          const nextBlank = t < Tb - 1 ? beta[c + U + 1] : u === Ub ? 0 : NEG_INF;
          buf[o + blank] -= scale * Math.exp(a + blankLp[c] + nextBlank - logP);
          if (u < Ub) {
            buf[o + input.targets[b * U + u]] -= scale * Math.exp(a + labelLp[c] + beta[c + 1] - logP);
          }
        }
      }
    }
    return buf;
  };
  return { losses, computeGradient };
}

export interface RnntArraysResult<A extends FloatArray> {
  /** Negative log-likelihood per utterance ([B]). */
  losses: Float64Array;
  /** d losses[b] / d logits for every utterance b, same layout and precision as the logits. */
  gradients?: A;
}

/**
 * RNN-T loss without tfjs: per-utterance losses and, when asked, the exact gradient. A Float64Array
 * input is computed in float64 throughout (used by finite-difference tests); Float32Array gives float32 gradients.
 */
export function rnntLossArrays<A extends FloatArray>(
  input: RnntLatticeInput<A>,
  options: { gradients?: boolean } = {},
): RnntArraysResult<A> {
  const state = rnntForward(input);
  if (!options.gradients) return { losses: state.losses };
  return {
    losses: state.losses,
    gradients: state.computeGradient(new Float64Array(state.losses.length).fill(1)),
  };
}
