import { tf } from '../../../src/engine/tf';
import { planProduct, registerEngineKernels, turnAround } from '../../../src/engine/kernels';
import { maxAbsDiff, randomValues, runOn, sizeOf } from './backends';

interface Case {
  a: number[];
  b: number[];
  transposeA: boolean;
  transposeB: boolean;
}

const combos: [boolean, boolean][] = [
  [false, false],
  [false, true],
  [true, false],
  [true, true],
];

/** Operand shapes for a logical product m×k · k×n with the given batch dims on each side. */
function makeCase(
  batchA: number[],
  batchB: number[],
  m: number,
  k: number,
  n: number,
  [tA, tB]: [boolean, boolean],
): Case {
  return {
    a: [...batchA, ...(tA ? [k, m] : [m, k])],
    b: [...batchB, ...(tB ? [n, k] : [k, n])],
    transposeA: tA,
    transposeB: tB,
  };
}

const cases: Case[] = combos.flatMap((combo) => [
  makeCase([], [], 13, 17, 11, combo), // plain 2-D
  makeCase([], [], 11, 17, 13, combo), // plain 2-D, wider right side (transposed-left products turn around)
  makeCase([1], [1], 5, 7, 9, combo), // single product with batch dims of 1
  makeCase([], [], 1, 9, 5, combo), // one row
  makeCase([], [], 6, 1, 4, combo), // inner size 1 (outer product)
  makeCase([3], [3], 5, 7, 4, combo), // equal batches
  makeCase([2, 3], [2, 3], 4, 6, 5, combo), // equal rank-4 batches
  makeCase([3], [3], 7, 9, 13, combo), // equal batches, small items: odd rows, 8 + 4 + 1 columns
  makeCase([2], [2], 2, 3, 19, combo), // small items: 8 + 8 + 3 single columns
  makeCase([4], [4], 3, 1, 8, combo), // small items with inner size 1
  makeCase([2], [2], 260, 70, 260, combo), // items too large for the SIMD loop: one XNNPACK product each
  makeCase([4], [], 7, 5, 6, combo), // batch against a shared matrix
  makeCase([2, 3], [1], 7, 5, 6, combo), // broadcast batch of 1
  makeCase([], [4], 3, 5, 6, combo), // shared left matrix against a batch
  makeCase([1, 1], [2, 3], 1, 5, 6, combo), // one row broadcast against a batch
]);

/**
 * tfjs 4.22's BatchMatMul gradient fails (on every backend) when the batch shapes differ, so the
 * gradient is checked where the batch shapes are equal.
 */
const gradientCases = cases.filter(
  (c) => JSON.stringify(c.a.slice(0, -2)) === JSON.stringify(c.b.slice(0, -2)),
);

const label = (c: Case): string =>
  `a${JSON.stringify(c.a)} b${JSON.stringify(c.b)} tA=${c.transposeA} tB=${c.transposeB}`;

describe('wasm BatchMatMul override', () => {
  it('is installed on the wasm backend and idempotent', () => {
    registerEngineKernels();
    const installed = tf.getKernel('BatchMatMul', 'wasm').kernelFunc;
    registerEngineKernels();
    expect(tf.getKernel('BatchMatMul', 'wasm').kernelFunc).toBe(installed);
  });

  it('plans products and leaves odd broadcasts and mismatches to the stock kernel', () => {
    expect(planProduct([8, 100, 144], [144, 576], false, false)).toEqual({
      batchA: 8,
      batchB: 1,
      m: 100,
      k: 144,
      n: 576,
      outShape: [8, 100, 576],
    });
    expect(planProduct([2, 1, 3, 4], [1, 5, 4, 2], false, false)).toBeNull();
    expect(planProduct([3, 4], [5, 2], false, false)).toBeNull();
  });

  it('turns around single products with a transposed left side when the right side is wider or transposed', () => {
    const plan = (m: number, n: number, batch = 1): NonNullable<ReturnType<typeof planProduct>> => ({
      batchA: batch,
      batchB: batch,
      m,
      k: 800,
      n,
      outShape: [m, n],
    });
    expect(turnAround(plan(144, 576), true, false)).toBe(true);
    expect(turnAround(plan(576, 144), true, false)).toBe(false);
    expect(turnAround(plan(576, 144), true, true)).toBe(true);
    expect(turnAround(plan(144, 576), false, true)).toBe(false);
    expect(turnAround(plan(144, 576, 4), true, false)).toBe(false);
  });

  it.each(cases)('forward matches cpu: %#', async (c) => {
    const aValues = randomValues(sizeOf(c.a), 1);
    const bValues = randomValues(sizeOf(c.b), 2);
    const compute = (): tf.Tensor[] => [
      tf.matMul(tf.tensor(aValues, c.a), tf.tensor(bValues, c.b), c.transposeA, c.transposeB),
    ];
    const [expected] = await runOn('cpu', compute);
    const [actual] = await runOn('wasm', compute);
    expect(maxAbsDiff(actual, expected), label(c)).toBeLessThan(1e-5);
  });

  it.each(gradientCases)('gradients match cpu: %#', async (c) => {
    const aValues = randomValues(sizeOf(c.a), 3);
    const bValues = randomValues(sizeOf(c.b), 4);
    const compute = (): tf.Tensor[] => {
      const a = tf.tensor(aValues, c.a);
      const b = tf.tensor(bValues, c.b);
      const product = tf.matMul(a, b, c.transposeA, c.transposeB);
      const weights = tf.tensor(randomValues(product.size, 5), product.shape);
      const loss = (x: tf.Tensor, y: tf.Tensor): tf.Scalar =>
        tf.sum(tf.mul(tf.matMul(x, y, c.transposeA, c.transposeB), weights));
      return tf.grads(loss)([a, b]);
    };
    const [expectedA, expectedB] = await runOn('cpu', compute);
    const [actualA, actualB] = await runOn('wasm', compute);
    expect(maxAbsDiff(actualA, expectedA), `dA ${label(c)}`).toBeLessThan(1e-4);
    expect(maxAbsDiff(actualB, expectedB), `dB ${label(c)}`).toBeLessThan(1e-4);
  });

  it('matches cpu on the reference transformer shapes', async () => {
    const shapes: Case[] = [
      makeCase([2], [], 100, 144, 576, [false, false]),
      makeCase([], [], 144, 200, 576, [true, false]),
      makeCase([2, 4], [2, 4], 100, 36, 100, [false, true]),
      makeCase([2, 4], [2, 4], 100, 100, 36, [false, false]),
    ];
    for (const c of shapes) {
      const aValues = randomValues(sizeOf(c.a), 6);
      const bValues = randomValues(sizeOf(c.b), 7);
      const compute = (): tf.Tensor[] => [
        tf.matMul(tf.tensor(aValues, c.a), tf.tensor(bValues, c.b), c.transposeA, c.transposeB),
      ];
      const [expected] = await runOn('cpu', compute);
      const [actual] = await runOn('wasm', compute);
      expect(maxAbsDiff(actual, expected), label(c)).toBeLessThan(1e-3);
    }
  });

  it('multiplies by data reused as weights under another shape (stock wasm gets this wrong)', async () => {
    const [first, second] = await runOn('wasm', () => {
      const w = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]);
      return [tf.matMul(tf.ones([1, 2]), w), tf.matMul(tf.ones([1, 3]), tf.reshape(w, [3, 2]))];
    });
    expect(Array.from(first)).toEqual([5, 7, 9]);
    expect(Array.from(second)).toEqual([1 + 3 + 5, 2 + 4 + 6]);
  });

  it('still rejects mismatched inner dimensions', async () => {
    registerEngineKernels();
    await tf.setBackend('wasm');
    expect(() => tf.matMul(tf.ones([2, 3]), tf.ones([4, 2]))).toThrow(/inner/);
  });
});
