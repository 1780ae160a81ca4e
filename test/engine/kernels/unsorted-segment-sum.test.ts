import { tf } from '../../../src/engine/tf';
import { maxAbsDiff, randomValues, runOn, sizeOf } from './backends';

describe('wasm UnsortedSegmentSum', () => {
  it('matches cpu on rank-1 ids, repeated and unused segments (float32 and int32)', async () => {
    const shape = [9, 3, 4];
    const values = randomValues(sizeOf(shape), 21);
    const ints = Int32Array.from(values, (v) => Math.round(v * 100));
    const ids = [4, 0, 4, 2, 2, 2, 0, 5, 4];
    const compute = (): tf.Tensor[] => [
      tf.unsortedSegmentSum(tf.tensor(values, shape), tf.tensor1d(ids, 'int32'), 7),
      tf.cast(
        tf.unsortedSegmentSum(tf.tensor(ints, shape, 'int32'), tf.tensor1d(ids, 'int32'), 7),
        'float32',
      ),
    ];
    const [expectedF, expectedI] = await runOn('cpu', compute);
    const [actualF, actualI] = await runOn('wasm', compute);
    expect(maxAbsDiff(actualF, expectedF)).toBeLessThan(1e-6);
    expect(maxAbsDiff(actualI, expectedI)).toBe(0);
  });

  it('sums over rank-2 ids and drops ids out of range (hand-computed)', async () => {
    const x = [
      [1, 2],
      [3, 4],
      [5, 6],
    ];
    const ids = [
      [1, -1],
      [1, 0],
      [9, 0],
    ];
    // tf.unsortedSegmentSum takes rank-1 ids only; the kernel itself follows TensorFlow for any rank.
    const [actual] = await runOn('wasm', () => [
      tf.engine().runKernel(
        'UnsortedSegmentSum',
        { x: tf.tensor2d(x), segmentIds: tf.tensor2d(ids, undefined, 'int32') },
        {
          numSegments: 2,
        },
      ) as tf.Tensor,
    ]);
    expect(Array.from(actual)).toEqual([4 + 6, 1 + 3]);
  });

  it('gives tf.gather a gradient on wasm that matches cpu', async () => {
    const table = randomValues(10 * 6, 22);
    const indices = [3, 1, 3, 9, 0, 3];
    const compute = (): tf.Tensor[] => {
      const weights = tf.tensor(randomValues(indices.length * 6, 23), [indices.length, 6]);
      const loss = (t: tf.Tensor): tf.Scalar =>
        tf.sum(tf.mul(tf.gather(t, tf.tensor1d(indices, 'int32')), weights));
      return [tf.grad(loss)(tf.tensor(table, [10, 6]))];
    };
    const [expected] = await runOn('cpu', compute);
    const [actual] = await runOn('wasm', compute);
    expect(maxAbsDiff(actual, expected)).toBeLessThan(1e-6);
  });
});
