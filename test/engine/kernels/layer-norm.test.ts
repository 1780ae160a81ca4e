import { tf } from '../../../src/engine/tf';
import { layerNormOp } from '../../../src/engine/kernels';
import { maxAbsDiff, randomValues, runOn } from './backends';

const ROWS = 2 * 7;

/** Rows of 13 take the plain loops everywhere; rows of 16 the SIMD loops on wasm. */
describe.each([13, 16])('fused layer norm, rows of %i', (D) => {
  const x = randomValues(ROWS * D, 11).map((v, i) => 3 * v + (i % D) * 0.1);
  const gain = randomValues(D, 12).map((v) => 1 + 0.5 * v);
  const bias = randomValues(D, 13);
  const upstream = randomValues(ROWS * D, 14);

  /** Layer norm in float64 by its definition: the oracle for values and, by central differences, gradients. */
  function reference(xs: ArrayLike<number>, g: ArrayLike<number>, b: ArrayLike<number>): number[] {
    const out: number[] = [];
    for (let r = 0; r < ROWS; r++) {
      const row = Array.from({ length: D }, (_, j) => xs[r * D + j]);
      const mean = row.reduce((s, v) => s + v, 0) / D;
      const variance = row.reduce((s, v) => s + (v - mean) ** 2, 0) / D;
      row.forEach((v, j) => out.push(((v - mean) / Math.sqrt(variance + 1e-5)) * g[j] + b[j]));
    }
    return out;
  }

  /** d Σ(upstream · layerNorm) / d input, by central differences in float64. */
  function numericGradient(which: 'x' | 'gain' | 'bias'): Float32Array {
    const inputs = { x: Float64Array.from(x), gain: Float64Array.from(gain), bias: Float64Array.from(bias) };
    const target = inputs[which];
    const objective = (): number =>
      reference(inputs.x, inputs.gain, inputs.bias).reduce((s, v, i) => s + v * upstream[i], 0);
    const grad = new Float32Array(target.length);
    const h = 1e-4;
    for (let i = 0; i < target.length; i++) {
      const keep = target[i];
      target[i] = keep + h;
      const up = objective();
      target[i] = keep - h;
      grad[i] = (up - objective()) / (2 * h);
      target[i] = keep;
    }
    return grad;
  }

  const compute = (): tf.Tensor[] => {
    const inputs = [tf.tensor(x, [2, 7, D]), tf.tensor1d(gain), tf.tensor1d(bias)];
    const objective = (a: tf.Tensor, g: tf.Tensor, b: tf.Tensor): tf.Scalar =>
      tf.sum(tf.mul(layerNormOp(a, g, b), tf.tensor(upstream, [2, 7, D])));
    const grads = tf.grads(objective)(inputs);
    return [layerNormOp(inputs[0], inputs[1], inputs[2]), ...grads];
  };

  describe.each(['cpu', 'wasm'] as const)('on %s', (backend) => {
    it('matches the float64 definition, and its gradients match central differences', async () => {
      const [y, dx, dgain, dbias] = await runOn(backend, compute);
      expect(maxAbsDiff(y, Float32Array.from(reference(x, gain, bias)))).toBeLessThan(2e-6);
      expect(maxAbsDiff(dx, numericGradient('x'))).toBeLessThan(2e-4);
      expect(maxAbsDiff(dgain, numericGradient('gain'))).toBeLessThan(2e-4);
      expect(maxAbsDiff(dbias, numericGradient('bias'))).toBeLessThan(2e-4);
    });

    it('rejects a gain that does not match the last axis, naming both sizes', async () => {
      await expect(
        runOn(backend, () => [layerNormOp(tf.ones([3, D]), tf.ones([D + 1]), tf.zeros([D]))]),
      ).rejects.toThrow(`expected a vector of ${D}, got [${D + 1}]`);
    });
  });
});
