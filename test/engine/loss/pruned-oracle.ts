/**
 * Float64 oracles for the pruned RNN-T tests, written from the definitions (k2's rnnt_loss_smoothed and
 * get_rnnt_prune_ranges) and independent of the engine's code: the smoothed additive-joiner log-probabilities
 * cell by cell, the loss by enumerating every alignment, and the pruning rule step by step as published.
 */

const logSumExp = (xs: number[]): number => {
  const m = Math.max(...xs);
  return m === -Infinity ? m : m + Math.log(xs.reduce((s, x) => s + Math.exp(x - m), 0));
};

export interface SimpleProblem {
  am: Float64Array; // [B, T, V]
  lm: Float64Array; // [B, U+1, V]
  targets: number[]; // [B, U]
  logitLengths: number[];
  targetLengths: number[];
  B: number;
  T: number;
  U: number;
  V: number;
  blank: number;
  lmScale: number;
  amScale: number;
}

/** Smoothed log p(symbol v) at (b, t, u), summed from its three log-probabilities as k2 defines them. */
export function smoothedLogProb(p: SimpleProblem, b: number, t: number, u: number, v: number): number {
  const { V, T, U } = p;
  const am = (k: number) => p.am[(b * T + t) * V + k];
  const lm = (k: number) => p.lm[(b * (U + 1) + u) * V + k];
  const range = [...Array(V).keys()];
  const joint = am(v) + lm(v) - logSumExp(range.map((k) => am(k) + lm(k)));
  const lmOnly = lm(v) - logSumExp(range.map(lm));
  // Unigram: mean of softmax(lm) over every valid (b, u ≤ U_b).
  const unigram = new Array(V).fill(0);
  let rows = 0;
  for (let c = 0; c < p.B; c++) {
    for (let w = 0; w <= p.targetLengths[c]; w++) {
      const row = range.map((k) => p.lm[(c * (U + 1) + w) * V + k]);
      const z = logSumExp(row);
      row.forEach((x, k) => (unigram[k] += Math.exp(x - z)));
      rows++;
    }
  }
  const logUni = unigram.map((x) => Math.log(x / rows));
  const amOnly = am(v) + logUni[v] - logSumExp(range.map((k) => am(k) + logUni[k]));
  return (1 - p.lmScale - p.amScale) * joint + p.lmScale * lmOnly + p.amScale * amOnly;
}

/** −log Σ over every alignment of utterance b of Π smoothed transition probabilities. */
export function enumeratedSimpleLoss(p: SimpleProblem, b: number): number {
  const Tb = p.logitLengths[b];
  const Ub = p.targetLengths[b];
  const ys = p.targets.slice(b * p.U, b * p.U + Ub);
  const paths: number[] = [];
  const walk = (t: number, u: number, lp: number): void => {
    const blank = smoothedLogProb(p, b, t, u, p.blank);
    if (t === Tb - 1 && u === Ub) paths.push(lp + blank);
    if (t < Tb - 1) walk(t + 1, u, lp + blank);
    if (u < Ub) walk(t, u + 1, lp + smoothedLogProb(p, b, t, u, ys[u]));
  };
  walk(0, 0, 0);
  return -logSumExp(paths);
}

/**
 * k2's get_rnnt_prune_ranges (regular RNN-T) on nested arrays, step by step: occupations px[b][s][t] (label
 * leaving (t, s)), py[b][s][t] (blank leaving (t, s)); returns [B][T] starts and the range used.
 */
export function publishedRanges(
  px: number[][][],
  py: number[][][],
  frames: number[],
  labels: number[],
  requested: number,
): { starts: number[][]; range: number } {
  const B = py.length;
  const S = py[0].length - 1;
  const T = py[0][0].length;
  let R = requested;
  const minimum = Math.max(...labels.map((s, b) => Math.trunc((s - 1) / frames[b]) + 2));
  if (R < minimum) R = minimum;
  if (R > S) R = S + 1;
  const starts: number[][] = [];
  for (let b = 0; b < B; b++) {
    let begin: number[] = [];
    for (let t = 0; t < T; t++) {
      // blk_sum_grad[s] − px_grad_pad[s]; argmax = first maximum.
      let arg = 0;
      let best = -Infinity;
      for (let s = 0; s <= S + 1 - R; s++) {
        let sum = 0;
        for (let k = 0; k < R; k++) sum += py[b][s + k][t];
        const score = sum - (s === 0 ? 0 : px[b][s - 1][t]);
        if (score > best) {
          best = score;
          arg = s;
        }
      }
      begin.push(t < frames[b] - 1 ? arg : Math.max(0, labels[b] - R + 1));
    }
    const monotonic = (x: number[]): number[] => {
      const flipped = [...x].reverse();
      for (let i = 1; i < flipped.length; i++) flipped[i] = Math.min(flipped[i], flipped[i - 1]);
      return flipped.reverse();
    };
    begin = monotonic(begin);
    begin = begin.map((s, t) => -(s - (R - 1) * t));
    begin = monotonic(begin).map((s) => Math.max(0, s));
    begin = begin.map((s, t) => -(s - (R - 1) * t));
    starts.push(begin.map((s) => s + 0)); // -0 → 0
  }
  return { starts, range: R };
}
