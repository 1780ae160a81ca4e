import { tf } from '../../../src/engine/tf';
import { maxAbsDiff, randomValues, runOn } from './backends';

describe('wasm Identity and Cast overrides (shared memory)', () => {
  it('a clone outlives its source and frees the memory only when both are gone', async () => {
    await runOn('wasm', () => []);
    const values = randomValues(24, 61);
    const before = tf.engine().backend.numDataIds();
    const x = tf.tensor(values, [4, 6]);
    const copy = tf.clone(x);
    const same = tf.cast(x, 'float32');
    x.dispose();
    expect(Array.from(await copy.data())).toEqual(Array.from(values));
    copy.dispose();
    expect(Array.from(await same.data())).toEqual(Array.from(values));
    expect(tf.engine().backend.numDataIds()).toBe(before + 1);
    same.dispose();
    expect(tf.engine().backend.numDataIds()).toBe(before);
  });

  it('casts that change the dtype convert as on cpu (bool: value ≠ 0)', async () => {
    const values = randomValues(30, 62).map((v) => v * 300);
    values[3] = 0;
    values[4] = 0.2;
    const compute = (): tf.Tensor[] => {
      const x = tf.tensor(values, [5, 6]);
      const ints = tf.cast(x, 'int32');
      return [
        tf.cast(ints, 'float32'),
        tf.cast(tf.cast(ints, 'int32'), 'float32'),
        tf.cast(tf.cast(x, 'bool'), 'float32'),
        tf.cast(tf.cast(tf.cast(x, 'int32'), 'bool'), 'float32'),
      ];
    };
    const expected = await runOn('cpu', compute);
    const actual = await runOn('wasm', compute);
    actual.forEach((values, i) => expect(maxAbsDiff(values, expected[i])).toBe(0));
  });

  it('gradients through ops that save their inputs and outputs match cpu', async () => {
    const values = randomValues(6 * 8, 63);
    const compute = (): tf.Tensor[] => {
      const x = tf.tensor(values, [6, 8]);
      const weights = tf.tensor(randomValues(8 * 5, 64), [8, 5]);
      const loss = (input: tf.Tensor): tf.Scalar =>
        tf.sum(tf.mul(tf.exp(tf.matMul(tf.sigmoid(input), weights)), tf.cast(input, 'float32').sum()));
      return [tf.grad(loss)(x)];
    };
    const [expected] = await runOn('cpu', compute);
    const [actual] = await runOn('wasm', compute);
    expect(maxAbsDiff(actual, expected)).toBeLessThan(1e-4);
  });
});
