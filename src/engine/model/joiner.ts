import { tf } from '../tf';
import { dims, linear } from './layers';
import type { ParamSource } from './params';

/** linear(enc): [..., dModel] → [..., J]. */
export function projectEncoder(params: ParamSource, encoder: tf.Tensor): tf.Tensor {
  return linear(params, 'joiner.enc_proj', encoder);
}

/** linear(pred): [..., P] → [..., J]. */
export function projectPredictor(params: ParamSource, predictor: tf.Tensor): tf.Tensor {
  return linear(params, 'joiner.pred_proj', predictor);
}

/** Logits from summed projections: linear(tanh(encProj + predProj)) over the last axis. */
export function joinerLogits(params: ParamSource, summed: tf.Tensor): tf.Tensor {
  return linear(params, 'joiner.out', tf.tanh(summed));
}

/** enc [B, T, d], pred [B, U+1, P] → logits [B, T, U+1, V] (un-normalised). */
export function join(params: ParamSource, encoder: tf.Tensor, predictor: tf.Tensor): tf.Tensor {
  const e = tf.expandDims(projectEncoder(params, encoder), 2);
  const p = tf.expandDims(projectPredictor(params, predictor), 1);
  return joinerLogits(params, tf.add(e, p));
}

/**
 * Joiner logits on `band` label positions per frame only: [B, T', band, V], row (b, t, s) scoring position
 * bandStarts[b, t] + s (clamped to U; the loss ignores cells beyond an utterance's labels). The diagonal band and
 * the pruned loss's ranges both use it; the [B, T', U+1, ·] tensors are never formed.
 */
export function gatheredLogits(
  params: ParamSource,
  encoder: tf.Tensor,
  predictor: tf.Tensor,
  bandStarts: Int32Array,
  band: number,
): tf.Tensor {
  const [batch, frames] = dims(encoder);
  const positions = dims(predictor)[1];
  const index = new Int32Array(batch * frames * band);
  for (let b = 0; b < batch; b++) {
    for (let t = 0; t < frames; t++) {
      for (let s = 0; s < band; s++) {
        index[(b * frames + t) * band + s] =
          b * positions + Math.min(bandStarts[b * frames + t] + s, positions - 1);
      }
    }
  }
  const flat = tf.reshape(projectPredictor(params, predictor), [batch * positions, -1]);
  const picked = tf.reshape(tf.gather(flat, tf.tensor1d(index, 'int32')), [batch, frames, band, -1]);
  return joinerLogits(params, tf.add(tf.expandDims(projectEncoder(params, encoder), 2), picked));
}
