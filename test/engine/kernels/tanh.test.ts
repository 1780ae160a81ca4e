import { tf } from '../../../src/engine/tf';
import { maxAbsDiff, randomValues, runOn } from './backends';

describe('wasm Tanh override', () => {
  const values = Float32Array.from([
    ...Array.from(randomValues(997, 41), (v) => v * 12),
    0,
    -0,
    1e-8,
    -1e-6,
    30,
    -30,
    100,
    -100,
  ]);

  it('matches Math.tanh within float32 tolerance', async () => {
    const [actual] = await runOn('wasm', () => [tf.tanh(tf.tensor1d(values))]);
    const expected = Float32Array.from(values, Math.tanh);
    expect(maxAbsDiff(actual, expected)).toBeLessThan(5e-7);
  });

  it('forward and gradient match cpu', async () => {
    const compute = (): tf.Tensor[] => {
      const x = tf.tensor1d(values);
      const weights = tf.tensor1d(randomValues(values.length, 42));
      return [tf.tanh(x), tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.tanh(t), weights)))(x)];
    };
    const [expectedY, expectedGrad] = await runOn('cpu', compute);
    const [actualY, actualGrad] = await runOn('wasm', compute);
    expect(maxAbsDiff(actualY, expectedY)).toBeLessThan(5e-7);
    expect(maxAbsDiff(actualGrad, expectedGrad)).toBeLessThan(1e-6);
  });
});
