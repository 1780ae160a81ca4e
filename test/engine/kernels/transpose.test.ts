import { tf } from '../../../src/engine/tf';
import { collapseTranspose } from '../../../src/engine/kernels';
import { maxAbsDiff, randomValues, runOn, sizeOf } from './backends';

describe('collapseTranspose', () => {
  it('merges axes that stay adjacent and drops size-1 axes', () => {
    expect(collapseTranspose([8, 100, 3, 4, 36], [2, 0, 3, 1, 4])).toEqual({
      shape: [8, 100, 3, 4, 36],
      perm: [2, 0, 3, 1, 4],
    });
    expect(collapseTranspose([2, 3, 4, 5, 6], [0, 1, 3, 4, 2])).toEqual({
      shape: [6, 4, 30],
      perm: [0, 2, 1],
    });
    expect(collapseTranspose([2, 1, 4, 1, 6], [4, 3, 2, 1, 0])).toEqual({
      shape: [2, 4, 6],
      perm: [2, 1, 0],
    });
    expect(collapseTranspose([1, 1], [1, 0])).toEqual({ shape: [1], perm: [0] });
  });
});

describe('wasm Transpose override', () => {
  const cases: [number[], number[]][] = [
    [
      [8, 10, 3, 4, 6],
      [2, 0, 3, 1, 4],
    ], // rank 5 that stays rank 5
    [
      [2, 3, 4, 5, 6, 2],
      [5, 3, 1, 4, 2, 0],
    ], // rank 6
    [
      [2, 3, 4, 5, 6],
      [0, 1, 3, 4, 2],
    ], // rank 5 collapsing to rank 3
    [
      [3, 1, 4, 1, 5],
      [4, 2, 0, 3, 1],
    ], // size-1 axes
    [
      [5, 7],
      [1, 0],
    ],
    [
      [2, 3, 4],
      [0, 2, 1],
    ],
  ];

  it.each(cases)('matches cpu for shape %j perm %j (float32 and int32)', async (shape, perm) => {
    const values = randomValues(sizeOf(shape), 11);
    const ints = Int32Array.from(values, (v) => Math.round(v * 1000));
    const compute = (): tf.Tensor[] => [
      tf.transpose(tf.tensor(values, shape), perm),
      tf.cast(tf.transpose(tf.tensor(ints, shape, 'int32'), perm), 'float32'),
    ];
    const [expectedF, expectedI] = await runOn('cpu', compute);
    const [actualF, actualI] = await runOn('wasm', compute);
    expect(maxAbsDiff(actualF, expectedF)).toBe(0);
    expect(maxAbsDiff(actualI, expectedI)).toBe(0);
  });

  it('gradient of a rank-5 transpose matches cpu', async () => {
    const shape = [2, 5, 3, 4, 6];
    const values = randomValues(sizeOf(shape), 12);
    const compute = (): tf.Tensor[] => {
      const x = tf.tensor(values, shape);
      const weights = tf.tensor(randomValues(sizeOf(shape), 13), [3, 2, 4, 5, 6]);
      return [
        tf.grad((input: tf.Tensor) => tf.sum(tf.mul(tf.transpose(input, [2, 0, 3, 1, 4]), weights)))(x),
      ];
    };
    const [expected] = await runOn('cpu', compute);
    const [actual] = await runOn('wasm', compute);
    expect(maxAbsDiff(actual, expected)).toBe(0);
  });
});
