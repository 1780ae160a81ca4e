import { tf } from '../../../src/engine/tf';
import { reductionRuns } from '../../../src/engine/kernels';
import { maxAbsDiff, randomValues, runOn, sizeOf } from './backends';

describe('reductionRuns', () => {
  it('merges adjacent axes of the same kind and drops size-1 axes', () => {
    expect(reductionRuns([8, 187, 81, 256], [0, 1])).toEqual([
      { size: 8 * 187, reduced: true },
      { size: 81 * 256, reduced: false },
    ]);
    expect(reductionRuns([4, 1, 5, 6], [0, 2])).toEqual([
      { size: 20, reduced: true },
      { size: 6, reduced: false },
    ]);
  });
});

describe('wasm Sum override', () => {
  const cases: [number[], number[], boolean][] = [
    [[6, 7, 5], [0], false], // leading block
    [[6, 7, 5], [1], true], // middle block, keepDims
    [[3, 4, 5, 6], [0, 1], false], // leading two
    [[3, 4, 5, 6], [1, 2], false], // middle two
    [[3, 4, 5, 6], [0, 2], false], // two separate blocks
    [[3, 4, 5, 6], [0, 3], true], // outer blocks, keepDims
    [[2, 3, 4, 5, 6], [0, 2, 4], false], // rank 5, three blocks
    [[6, 7, 5], [2], false], // innermost (stock path)
    [[4, 1, 5], [0, 1], false], // size-1 axis inside the reduction
    [[5, 9, 8], [1], false], // middle block over rows of 8: the SIMD loop
    [[7, 3, 4], [1], true], // SIMD loop, rows of 4
    [[3, 4, 5, 12], [1, 2], false], // SIMD loop, two middle axes
    [[2, 31, 17, 8], [1], false], // a joiner-gradient-like reduction over frames (SIMD)
    [[2, 31, 17, 8], [2], false], // and over label positions (SIMD)
  ];

  it.each(cases)('matches cpu for shape %j axes %j keepDims %s', async (shape, axes, keepDims) => {
    const values = randomValues(sizeOf(shape), 51);
    const compute = (): tf.Tensor[] => [tf.sum(tf.tensor(values, shape), axes, keepDims)];
    const [expected] = await runOn('cpu', compute);
    const [actual] = await runOn('wasm', compute);
    expect(maxAbsDiff(actual, expected)).toBeLessThan(1e-5);
  });

  it('gives the output shape of the cpu backend', async () => {
    const shapes: number[][] = [];
    for (const backend of ['cpu', 'wasm'] as const) {
      await runOn(backend, () => {
        const result = tf.sum(tf.ones([3, 4, 5, 6]), [0, 2], true);
        shapes.push(result.shape);
        return [result];
      });
    }
    expect(shapes[1]).toEqual(shapes[0]);
  });

  it('bias gradient of a broadcast add matches cpu', async () => {
    const x = randomValues(4 * 9 * 7 * 8, 52);
    const bias = randomValues(7 * 8, 53);
    const compute = (): tf.Tensor[] => {
      const weights = tf.tensor(randomValues(x.length, 54), [4, 9, 7, 8]);
      const loss = (b: tf.Tensor): tf.Scalar =>
        tf.sum(tf.mul(tf.add(tf.tensor(x, [4, 9, 7, 8]), b), weights));
      return [tf.grad(loss)(tf.tensor(bias, [1, 1, 7, 8]))];
    };
    const [expected] = await runOn('cpu', compute);
    const [actual] = await runOn('wasm', compute);
    expect(maxAbsDiff(actual, expected)).toBeLessThan(1e-5);
  });
});
