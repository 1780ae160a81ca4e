import { tf } from '../../../src/engine/tf';
import type { ParamMap, ParamSource } from '../../../src/engine/model/params';
import { SeededRandom } from '../../../src/engine/model/random';

/** A 2-layer MLP classifier (4 → 6 → 3) with per-language synthetic data: the pathways test bed. */
export interface TinyBatch {
  x: tf.Tensor2D;
  y: tf.Tensor2D;
}

export const PRUNABLE_SHAPES = new Map<string, number[]>([
  ['l1.weight', [4, 6]],
  ['l2.weight', [6, 3]],
]);

export function tinyParams(seed: number): ParamMap {
  const random = new SeededRandom(seed);
  const values = (n: number) => Array.from({ length: n }, () => random.next() * 2 - 1);
  return new Map([
    ['l1.weight', tf.variable(tf.tensor(values(24), [4, 6]))],
    ['l1.bias', tf.variable(tf.tensor(values(6), [6]))],
    ['l2.weight', tf.variable(tf.tensor(values(18), [6, 3]))],
    ['l2.bias', tf.variable(tf.tensor(values(3), [3]))],
  ]);
}

export function tinyLogits(params: ParamSource, x: tf.Tensor2D): tf.Tensor2D {
  const h = tf.tanh(tf.add(tf.matMul(x, params.get('l1.weight')! as tf.Tensor2D), params.get('l1.bias')!));
  return tf.add(
    tf.matMul(h as tf.Tensor2D, params.get('l2.weight')! as tf.Tensor2D),
    params.get('l2.bias')!,
  ) as tf.Tensor2D;
}

export function tinyLoss(params: ParamSource, batch: TinyBatch): tf.Scalar {
  return tf.losses.softmaxCrossEntropy(batch.y, tinyLogits(params, batch.x)) as tf.Scalar;
}

/** Language `shift` labels a point by the arg-max of a shifted linear rule, so languages differ. */
export function tinyBatch(seed: number, shift: number, size = 16): TinyBatch {
  const random = new SeededRandom(seed);
  const xs: number[] = [];
  const labels: number[] = [];
  for (let i = 0; i < size; i++) {
    const x = Array.from({ length: 4 }, () => random.next() * 2 - 1);
    xs.push(...x);
    const scores = [x[0] + shift * x[1], x[2] - shift * x[3], x[1] + x[3] * shift];
    labels.push(scores.indexOf(Math.max(...scores)));
  }
  return {
    x: tf.tensor2d(xs, [size, 4]),
    y: tf.oneHot(tf.tensor1d(labels, 'int32'), 3).toFloat() as tf.Tensor2D,
  };
}
