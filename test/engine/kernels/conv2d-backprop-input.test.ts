import { tf } from '../../../src/engine/tf';
import { maxAbsDiff, randomValues, runOn, sizeOf } from './backends';

type Pad = 'same' | 'valid';

const cases: {
  x: [number, number, number, number];
  filter: [number, number, number, number];
  stride: number;
  pad: Pad;
}[] = [
  { x: [2, 9, 7, 3], filter: [3, 3, 3, 5], stride: 1, pad: 'same' },
  { x: [2, 9, 7, 3], filter: [3, 3, 3, 5], stride: 2, pad: 'valid' },
  { x: [1, 10, 8, 4], filter: [3, 3, 4, 6], stride: 2, pad: 'same' },
  { x: [3, 6, 6, 1], filter: [2, 3, 1, 4], stride: 1, pad: 'valid' },
  { x: [1, 11, 5, 2], filter: [5, 1, 2, 3], stride: 3, pad: 'same' },
];

describe('wasm Conv2DBackpropInput override', () => {
  it.each(cases)('input gradient of conv2d matches cpu: %j', async ({ x, filter, stride, pad }) => {
    const xValues = randomValues(sizeOf(x), 31);
    const filterValues = randomValues(sizeOf(filter), 32);
    const compute = (): tf.Tensor[] => {
      const input = tf.tensor4d(xValues, x);
      const kernel = tf.tensor4d(filterValues, filter);
      const forward = (t: tf.Tensor4D): tf.Tensor4D => tf.conv2d(t, kernel, stride, pad);
      const weights = tf.tensor(randomValues(forward(input).size, 33), forward(input).shape);
      return [tf.grad((t: tf.Tensor) => tf.sum(tf.mul(forward(t as tf.Tensor4D), weights)))(input)];
    };
    const [expected] = await runOn('cpu', compute);
    const [actual] = await runOn('wasm', compute);
    expect(maxAbsDiff(actual, expected)).toBeLessThan(1e-5);
  });

  it('conv2dTranspose matches cpu', async () => {
    const dy = randomValues(2 * 4 * 5 * 6, 34);
    const filterValues = randomValues(3 * 3 * 2 * 6, 35);
    const compute = (): tf.Tensor[] => [
      tf.conv2dTranspose(
        tf.tensor4d(dy, [2, 4, 5, 6]),
        tf.tensor4d(filterValues, [3, 3, 2, 6]),
        [2, 8, 10, 2],
        2,
        'same',
      ),
    ];
    const [expected] = await runOn('cpu', compute);
    const [actual] = await runOn('wasm', compute);
    expect(maxAbsDiff(actual, expected)).toBeLessThan(1e-5);
  });
});
