/**
 * The transition log-probabilities of joiner logits, on the device: for every cell (b, t, s) of [B, T, W, V]
 * logits (label position u = start(b, t) + s; start 0 and W = U + 1 for the full lattice), log p(blank) and
 * log p(y_{u+1}) as one [B, T, W, 2] tensor. Differentiable, so the gradient of Σ weight · log-prob reaches the
 * logits through the log-softmax; that is all the lattice needs to read back (loss/band-lattice.ts).
 */
import { tf } from '../tf';

/**
 * Label id scored at each cell, row-major [B, T, W]: targets[b, u] for u < U, else `blank` (a cell whose label
 * transition no alignment takes: its log-probability is never read).
 */
export function bandLabelIds(
  targets: ArrayLike<number>,
  shape: readonly [number, number, number],
  starts?: ArrayLike<number>,
): Int32Array {
  const [B, T, W] = shape;
  const U = targets.length / B;
  const ids = new Int32Array(B * T * W);
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      const start = starts === undefined ? 0 : starts[b * T + t];
      for (let s = 0; s < W; s++) {
        const u = start + s;
        if (u < U) ids[(b * T + t) * W + s] = targets[b * U + u];
      }
    }
  }
  return ids;
}

/** [B, T, W, 2]: log-softmax(logits) at `blank` and at the cell's label id ([B, T, W], from bandLabelIds). */
export function bandLogProbs(logits: tf.Tensor, labelIds: Int32Array, blank: number): tf.Tensor {
  const [B, T, W, V] = logits.shape as [number, number, number, number];
  return tf.tidy(() => {
    const norm = tf.logSumExp(logits, -1);
    const blankLogit = tf.reshape(tf.slice(logits, [0, 0, 0, blank], [B, T, W, 1]), [B, T, W]);
    const oneHot = tf.oneHot(tf.tensor3d(labelIds, [B, T, W], 'int32'), V);
    const labelLogit = tf.sum(tf.mul(logits, oneHot), -1);
    return tf.stack([tf.sub(blankLogit, norm), tf.sub(labelLogit, norm)], -1);
  });
}
