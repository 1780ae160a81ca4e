/** A matrix product and the weight gradients of a two-layer perceptron, big enough to be split over threads. */
import { tf } from '../../../src/engine/tf';
import { randomValues } from './backends';

export function threadedComputation(): tf.Tensor[] {
  const x = tf.tensor(randomValues(256 * 192, 101), [256, 192]);
  const w1 = tf.tensor(randomValues(192 * 320, 102), [192, 320]);
  const w2 = tf.tensor(randomValues(320 * 48, 103), [320, 48]);
  const loss = (a: tf.Tensor, b: tf.Tensor): tf.Scalar =>
    tf.sum(tf.square(tf.matMul(tf.relu(tf.matMul(x, a)), b)));
  return [tf.matMul(x, w1), ...tf.grads(loss)([w1, w2])];
}
