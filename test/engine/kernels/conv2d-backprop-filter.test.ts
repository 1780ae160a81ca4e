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

describe('wasm Conv2DBackpropFilter', () => {
  it.each(cases)('filter gradient of conv2d matches cpu: %j', async ({ x, filter, stride, pad }) => {
    const xValues = randomValues(sizeOf(x), 61);
    const filterValues = randomValues(sizeOf(filter), 62);
    const compute = (): tf.Tensor[] => {
      const input = tf.tensor4d(xValues, x);
      const forward = (w: tf.Tensor4D): tf.Tensor4D => tf.conv2d(input, w, stride, pad);
      const kernel = tf.tensor4d(filterValues, filter);
      const weights = tf.tensor(randomValues(forward(kernel).size, 63), forward(kernel).shape);
      return [tf.grad((w: tf.Tensor) => tf.sum(tf.mul(forward(w as tf.Tensor4D), weights)))(kernel)];
    };
    const [expected] = await runOn('cpu', compute);
    const [actual] = await runOn('wasm', compute);
    expect(maxAbsDiff(actual, expected)).toBeLessThan(1e-4);
  });

  it('matches a brute-force filter gradient (1×1 input channel, hand loop)', async () => {
    const x = randomValues(1 * 5 * 4 * 1, 64);
    const dy = randomValues(1 * 3 * 2 * 2, 65);
    const [actual] = await runOn('wasm', () => {
      const input = tf.tensor4d(x, [1, 5, 4, 1]);
      const upstream = tf.tensor4d(dy, [1, 3, 2, 2]);
      const loss = (w: tf.Tensor): tf.Scalar =>
        tf.sum(tf.mul(tf.conv2d(input, w as tf.Tensor4D, 1, 'valid'), upstream));
      return [tf.grad(loss)(tf.zeros([3, 3, 1, 2]))];
    });
    const expected = new Float32Array(3 * 3 * 2);
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++)
        for (let o = 0; o < 2; o++)
          for (let oh = 0; oh < 3; oh++)
            for (let ow = 0; ow < 2; ow++)
              expected[(i * 3 + j) * 2 + o] += x[(oh + i) * 4 + (ow + j)] * dy[(oh * 2 + ow) * 2 + o];
    expect(maxAbsDiff(actual, expected)).toBeLessThan(1e-5);
  });
});
