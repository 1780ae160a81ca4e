import { tf } from '../tf';
import { linear } from './layers';
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
