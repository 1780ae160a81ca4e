import { tf } from '../../../src/engine/tf';
import { adamUpdate, registerCpuAdamUpdate } from '../../../src/engine/kernels';
import type { AdamUpdateAttrs } from '../../../src/engine/kernels';
import { maxAbsDiff, randomValues, runOn } from './backends';

const SHAPE = [37, 29];
const SIZE = 37 * 29;
const ATTRS: AdamUpdateAttrs = {
  lr: 3e-3,
  beta1: 0.9,
  beta2: 0.98,
  eps: 1e-8,
  correction1: 1 - 0.9 ** 4,
  correction2: 1 - 0.98 ** 4,
  weightDecay: 0.01,
};

const inputs = {
  param: randomValues(SIZE, 1),
  grad: randomValues(SIZE, 2),
  m: randomValues(SIZE, 3).map((x) => 0.1 * x),
  v: randomValues(SIZE, 4).map((x) => 0.01 * x * x),
};

/** Adam as the paper writes it (bias-corrected moments first), in float64: an independent oracle. */
function oracle(): { param: number[]; m: number[]; v: number[] } {
  const { lr, beta1, beta2, eps, weightDecay } = ATTRS;
  const out = { param: [] as number[], m: [] as number[], v: [] as number[] };
  for (let i = 0; i < SIZE; i++) {
    const g = inputs.grad[i];
    const m = beta1 * inputs.m[i] + (1 - beta1) * g;
    const v = beta2 * inputs.v[i] + (1 - beta2) * g ** 2;
    const mHat = m / (1 - beta1 ** 4);
    const vHat = v / (1 - beta2 ** 4);
    out.param.push(
      inputs.param[i] - (lr * mHat) / (Math.sqrt(vHat) + eps) - lr * weightDecay * inputs.param[i],
    );
    out.m.push(m);
    out.v.push(v);
  }
  return out;
}

const tensors = () => ({
  param: tf.tensor(inputs.param, SHAPE),
  grad: tf.tensor(inputs.grad, SHAPE),
  m: tf.tensor(inputs.m, SHAPE),
  v: tf.tensor(inputs.v, SHAPE),
});

const bits = (x: Float32Array): Uint32Array => new Uint32Array(x.buffer, x.byteOffset, x.length);

describe.each(['cpu', 'wasm'] as const)('fused Adam update on %s', (backend) => {
  beforeAll(() => registerCpuAdamUpdate());

  it('matches the float64 Adam oracle for the parameter and both moments', async () => {
    const [param, m, v] = await runOn(backend, () => adamUpdate(tensors(), ATTRS));
    const expected = oracle();
    expect(maxAbsDiff(param, Float32Array.from(expected.param))).toBeLessThan(1e-6);
    expect(maxAbsDiff(m, Float32Array.from(expected.m))).toBeLessThan(1e-7);
    expect(maxAbsDiff(v, Float32Array.from(expected.v))).toBeLessThan(1e-8);
    expect(maxAbsDiff(param, inputs.param)).toBeGreaterThan(1e-3);
  });

  it.each(['float32', 'int32', 'bool'] as const)(
    'copies masked-out entries bit for bit and updates the rest as without a mask (%s mask)',
    async (dtype) => {
      const keep = Array.from({ length: SIZE }, (_, i) => (i % 3 === 0 ? 1 : 0));
      const masked = await runOn(backend, () =>
        adamUpdate({ ...tensors(), mask: tf.tensor(keep, SHAPE, dtype) }, ATTRS),
      );
      const plain = await runOn(backend, () => adamUpdate(tensors(), ATTRS));
      const before = [inputs.param, inputs.m, inputs.v];
      masked.forEach((out, k) => {
        for (let i = 0; i < SIZE; i++) {
          const source = keep[i] ? plain[k] : before[k];
          expect(bits(out)[i]).toBe(bits(source)[i]);
        }
      });
    },
  );

  it('rejects inputs whose shapes differ, naming both shapes', async () => {
    await expect(
      runOn(backend, () => adamUpdate({ ...tensors(), grad: tf.zeros([SIZE]) }, ATTRS)),
    ).rejects.toThrow(`shape [${SIZE}] differs from the parameter's [${SHAPE}]`);
  });
});
