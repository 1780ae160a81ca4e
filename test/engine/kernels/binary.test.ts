import { tf } from '../../../src/engine/tf';
import { maxAbsDiff, randomValues, runOn, sizeOf } from './backends';

type Op = (a: tf.Tensor, b: tf.Tensor) => tf.Tensor;

const ops: [string, Op][] = [
  ['Add', tf.add],
  ['Sub', tf.sub],
  ['Multiply', tf.mul],
  ['RealDiv', tf.div],
];

const shapePairs: [number[], number[]][] = [
  [
    [7, 5],
    [7, 5],
  ], // same shape
  [[7, 5], []], // scalar
  [[8, 6], [6]], // bias row
  [
    [8, 6],
    [8, 1],
  ], // per-row column
  [
    [2, 1, 3, 4],
    [1, 5, 1, 4],
  ], // broadcast on both sides
];

/** Values away from zero, so that quotients stay well conditioned. */
const awayFromZero = (count: number, seed: number): Float32Array =>
  randomValues(count, seed).map((v) => (v < 0 ? v - 0.5 : v + 0.5));

describe('wasm binary kernels called directly', () => {
  it.each(ops)('%s matches cpu for float32 with every broadcast', async (_name, op) => {
    const compute = (): tf.Tensor[] =>
      shapePairs.map(([aShape, bShape], i) =>
        op(
          tf.tensor(awayFromZero(sizeOf(aShape), 110 + i), aShape),
          tf.tensor(awayFromZero(sizeOf(bShape), 120 + i), bShape),
        ),
      );
    const expected = await runOn('cpu', compute);
    const actual = await runOn('wasm', compute);
    actual.forEach((values, i) =>
      expect(maxAbsDiff(values, expected[i]), JSON.stringify(shapePairs[i])).toBeLessThan(1e-6),
    );
  });

  it.each(ops.slice(0, 3))('%s matches cpu for int32', async (_name, op) => {
    const ints = (count: number, seed: number): Int32Array =>
      Int32Array.from(randomValues(count, seed), (v) => Math.round(v * 1000));
    const compute = (): tf.Tensor[] =>
      shapePairs.map(([aShape, bShape], i) =>
        tf.cast(
          op(
            tf.tensor(ints(sizeOf(aShape), 130 + i), aShape, 'int32'),
            tf.tensor(ints(sizeOf(bShape), 140 + i), bShape, 'int32'),
          ),
          'float32',
        ),
      );
    const expected = await runOn('cpu', compute);
    const actual = await runOn('wasm', compute);
    actual.forEach((values, i) => expect(maxAbsDiff(values, expected[i])).toBe(0));
  });

  it('gradients through broadcast sums, differences, products and quotients match cpu', async () => {
    const compute = (): tf.Tensor[] => {
      const x = tf.tensor(awayFromZero(8 * 6, 150), [8, 6]);
      const bias = tf.tensor(awayFromZero(6, 151), [6]);
      const scale = tf.tensor(awayFromZero(8, 152), [8, 1]);
      const loss = (p: tf.Tensor, q: tf.Tensor, r: tf.Tensor): tf.Scalar =>
        tf.sum(tf.square(tf.div(tf.sub(tf.mul(tf.add(p, q), r), q), r)));
      return tf.grads(loss)([x, bias, scale]);
    };
    const expected = await runOn('cpu', compute);
    const actual = await runOn('wasm', compute);
    actual.forEach((values, i) => expect(maxAbsDiff(values, expected[i])).toBeLessThan(1e-4));
  });
});
