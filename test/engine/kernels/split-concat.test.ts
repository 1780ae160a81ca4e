import { tf } from '../../../src/engine/tf';
import { maxAbsDiff, randomValues, runOn, sizeOf } from './backends';

const ints = (values: Float32Array): Int32Array => Int32Array.from(values, (v) => Math.round(v * 1000));

describe('wasm SplitV override', () => {
  const cases: [number[], number[] | number, number][] = [
    [[6, 9], [2, 3, 4], 1], // columns of a matrix, as a fused q/k/v projection is split
    [[6, 9], 3, 0], // rows, equal parts
    [[3, 4, 10], [5, -1, 2], 2], // innermost axis, inferred size
    [[3, 4, 10], [1, 0, 3], 1], // middle axis with an empty part
  ];

  it.each(cases)(
    'matches cpu for shape %j splits %j axis %d (float32 and int32)',
    async (shape, splits, axis) => {
      const values = randomValues(sizeOf(shape), 71);
      const compute = (): tf.Tensor[] => [
        ...tf.split(tf.tensor(values, shape), splits, axis),
        ...tf.split(tf.tensor(ints(values), shape, 'int32'), splits, axis).map((t) => tf.cast(t, 'float32')),
      ];
      const expected = await runOn('cpu', compute);
      const actual = await runOn('wasm', compute);
      expect(actual.length).toBe(expected.length);
      actual.forEach((part, i) => expect(maxAbsDiff(part, expected[i])).toBe(0));
    },
  );

  it('gradient (a concat of the parts’ gradients) matches cpu', async () => {
    const values = randomValues(5 * 12, 72);
    const compute = (): tf.Tensor[] => {
      const weights = [3, 4, 5].map((n, i) => tf.tensor(randomValues(5 * n, 73 + i), [5, n]));
      const loss = (x: tf.Tensor): tf.Scalar =>
        tf.addN(
          tf.split(x, [3, 4, 5], 1).map((part, i) => tf.sum(tf.mul(tf.square(part), weights[i]))),
        ) as tf.Scalar;
      return [tf.grad(loss)(tf.tensor(values, [5, 12]))];
    };
    const [expected] = await runOn('cpu', compute);
    const [actual] = await runOn('wasm', compute);
    expect(maxAbsDiff(actual, expected)).toBeLessThan(1e-6);
  });
});

describe('wasm Concat override', () => {
  const cases: [number[][], number][] = [
    [
      [
        [4, 3],
        [4, 5],
        [4, 1],
      ],
      1,
    ],
    [
      [
        [2, 3],
        [4, 3],
      ],
      0,
    ],
    [
      [
        [2, 3, 4],
        [2, 0, 4],
        [2, 2, 4],
      ],
      1,
    ], // an empty input
    [
      [
        [2, 3, 4],
        [2, 3, 2],
      ],
      2,
    ],
  ];

  it.each(cases)('matches cpu for shapes %j axis %d (float32 and int32)', async (shapes, axis) => {
    const parts = shapes.map((shape, i) => randomValues(sizeOf(shape), 80 + i));
    const compute = (): tf.Tensor[] => [
      tf.concat(
        parts.map((values, i) => tf.tensor(values, shapes[i])),
        axis,
      ),
      tf.cast(
        tf.concat(
          parts.map((values, i) => tf.tensor(ints(values), shapes[i], 'int32')),
          axis,
        ),
        'float32',
      ),
    ];
    const expected = await runOn('cpu', compute);
    const actual = await runOn('wasm', compute);
    actual.forEach((values, i) => expect(maxAbsDiff(values, expected[i])).toBe(0));
  });

  it('gradient matches cpu', async () => {
    const a = randomValues(3 * 4, 90);
    const b = randomValues(3 * 6, 91);
    const compute = (): tf.Tensor[] => {
      const weights = tf.tensor(randomValues(3 * 10, 92), [3, 10]);
      const loss = (x: tf.Tensor, y: tf.Tensor): tf.Scalar =>
        tf.sum(tf.mul(tf.square(tf.concat([x, y], 1)), weights));
      return tf.grads(loss)([tf.tensor(a, [3, 4]), tf.tensor(b, [3, 6])]);
    };
    const expected = await runOn('cpu', compute);
    const actual = await runOn('wasm', compute);
    actual.forEach((values, i) => expect(maxAbsDiff(values, expected[i])).toBeLessThan(1e-6));
  });
});
