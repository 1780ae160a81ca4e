import { tf } from '../tf';
import { multiHeadAttention } from './attention';
import type { RnntConfig } from './config';
import { dims, layerNorm, linear, type Dropout } from './layers';
import { param, type ParamSource } from './params';

export interface BlockInputs {
  /** Rows computed by this call [B, Nq, d]. */
  x: tf.Tensor;
  /** Cached layer inputs of earlier (left-context) rows [B, M, d], keys only. */
  memory?: tf.Tensor;
  /** Additive attention bias [B or 1, Nq, M + Nq]. */
  bias: tf.Tensor;
  /** Conv-module gather indices from layout.convTaps (required when the conv module is on). */
  taps?: tf.Tensor;
}

function convModule(
  config: RnntConfig,
  params: ParamSource,
  name: string,
  x: tf.Tensor,
  taps: tf.Tensor,
): tf.Tensor {
  const [batch, rows, dim] = dims(x);
  const kernel = config.convKernel;
  const doubled = linear(params, `${name}.pointwise1`, x);
  const [a, gate] = tf.split(doubled, 2, -1);
  const glu = tf.mul(a, tf.sigmoid(gate));
  const padded = tf.concat([glu, tf.zeros([batch, 1, dim])], 1);
  const gathered = tf.reshape(tf.gather(padded, taps, 1), [batch, rows, kernel, dim]);
  const depthwise = tf.add(
    tf.sum(tf.mul(gathered, param(params, `${name}.depthwise.weight`)), 2),
    param(params, `${name}.depthwise.bias`),
  );
  const normed = layerNorm(params, `${name}.norm`, depthwise);
  return linear(params, `${name}.pointwise2`, tf.mul(normed, tf.sigmoid(normed)));
}

/** One pre-LN block: x + MHA(LN x); [x + Conv(LN x)]; x + FFN(LN x). */
export function blockForward(
  config: RnntConfig,
  params: ParamSource,
  layer: number,
  inputs: BlockInputs,
  dropout: Dropout,
): tf.Tensor {
  const p = `encoder.layers.${layer}`;
  const { x, memory, bias, taps } = inputs;
  const normed = layerNorm(params, `${p}.attn_norm`, x);
  const keys = memory ? tf.concat([layerNorm(params, `${p}.attn_norm`, memory), normed], 1) : normed;
  let y = tf.add(x, dropout.apply(multiHeadAttention(params, `${p}.attn`, normed, keys, bias, config.heads)));
  if (config.convModule) {
    if (!taps) throw new Error('conv module needs convolution taps');
    y = tf.add(
      y,
      dropout.apply(convModule(config, params, `${p}.conv`, layerNorm(params, `${p}.conv_norm`, y), taps)),
    );
  }
  const hidden = tf.relu(linear(params, `${p}.ffn.w1`, layerNorm(params, `${p}.ffn_norm`, y)));
  return tf.add(y, dropout.apply(linear(params, `${p}.ffn.w2`, dropout.apply(hidden))));
}
