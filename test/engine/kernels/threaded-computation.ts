/**
 * A matrix product and the weight gradients of a two-layer perceptron, big enough to be split over
 * threads, a batch of small products, a layer norm, a middle-axis sum and a masked fused Adam update of
 * the first layer (on wasm the last four run as SIMD loops on the shared memory).
 */
import { tf } from '../../../src/engine/tf';
import { adamUpdate, layerNormOp, registerCpuAdamUpdate } from '../../../src/engine/kernels';
import { randomValues } from './backends';

export function threadedComputation(): tf.Tensor[] {
  registerCpuAdamUpdate();
  const x = tf.tensor(randomValues(256 * 192, 101), [256, 192]);
  const w1 = tf.tensor(randomValues(192 * 320, 102), [192, 320]);
  const w2 = tf.tensor(randomValues(320 * 48, 103), [320, 48]);
  const loss = (a: tf.Tensor, b: tf.Tensor): tf.Scalar =>
    tf.sum(tf.square(tf.matMul(tf.relu(tf.matMul(x, a)), b)));
  const [g1, g2] = tf.grads(loss)([w1, w2]);
  const mask = tf.greater(tf.tensor(randomValues(192 * 320, 104), [192, 320]), 0).toFloat();
  const moments = { m: tf.mul(g1, 0.1), v: tf.mul(tf.square(g1), 0.01) };
  const attrs = { lr: 1e-2, beta1: 0.9, beta2: 0.98, eps: 1e-8, correction1: 0.19, correction2: 0.0396 };
  const updated = adamUpdate({ param: w1, grad: g1, ...moments, mask }, { ...attrs, weightDecay: 0.01 });
  const batched = tf.matMul(tf.reshape(x, [16, 16, 192]), tf.reshape(w1, [16, 192, 20]));
  const normed = layerNormOp(tf.reshape(w2, [-1, 16]), tf.linspace(0.5, 1.5, 16), tf.linspace(-1, 1, 16));
  const summed = tf.sum(tf.reshape(x, [16, 16, 192]), 1);
  return [tf.matMul(x, w1), g1, g2, batched, normed, summed, ...updated];
}
