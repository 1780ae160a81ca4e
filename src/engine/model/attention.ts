import { tf } from '../tf';
import { dims, linear } from './layers';
import type { ParamSource } from './params';

function splitHeads(x: tf.Tensor, heads: number): tf.Tensor3D {
  const [batch, rows, dim] = dims(x);
  const perHead = dim / heads;
  const split = tf.transpose(tf.reshape(x, [batch, rows, heads, perHead]), [0, 2, 1, 3]);
  return tf.reshape(split, [batch * heads, rows, perHead]);
}

/**
 * Multi-head attention of query rows over key rows.
 * queries [B, Nq, d], keys [B, Nk, d] (already normalised), bias [B or 1, Nq, Nk] additive
 * (0 visible, large negative hidden) → [B, Nq, d]. Uses 3-D batched matMuls over B·heads.
 */
export function multiHeadAttention(
  params: ParamSource,
  name: string,
  queries: tf.Tensor,
  keys: tf.Tensor,
  bias: tf.Tensor,
  heads: number,
): tf.Tensor {
  const [batch, nq, dim] = dims(queries);
  const nk = dims(keys)[1];
  const q = splitHeads(linear(params, `${name}.wq`, queries), heads);
  const k = splitHeads(linear(params, `${name}.wk`, keys), heads);
  const v = splitHeads(linear(params, `${name}.wv`, keys), heads);
  const scores = tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(dim / heads));
  const biased = tf.add(tf.reshape(scores, [batch, heads, nq, nk]), tf.expandDims(bias, 1));
  const weights = tf.reshape(tf.softmax(biased), [batch * heads, nq, nk]);
  const context = tf.reshape(tf.matMul(weights, v), [batch, heads, nq, dim / heads]);
  const merged = tf.reshape(tf.transpose(context, [0, 2, 1, 3]), [batch, nq, dim]);
  return linear(params, `${name}.wo`, merged);
}
