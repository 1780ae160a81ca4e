import { tf } from '../../../src/engine/tf';
import {
  bandPositions,
  diagonalBandStarts,
  rnntLoss,
  rnntLossArrays,
  rnntLossBanded,
} from '../../../src/engine/loss';
import { alignmentCount, bruteForceLoss, seeded } from './rnnt-oracle';

/** Random padded batch: items[b] = [T_b, U_b]; padding cells hold large garbage values. */
function makeBatch(items: Array<[number, number]>, V: number, seed: number, blank: number) {
  const B = items.length;
  const T = Math.max(...items.map(([t]) => t));
  const U = Math.max(...items.map(([, u]) => u));
  const logits = seeded(B * T * (U + 1) * V, seed, -3, 3);
  const targets = new Int32Array(B * U);
  const labels = seeded(B * U, seed + 1, 0, 1);
  for (let b = 0; b < B; b++) {
    for (let u = 0; u < U; u++) {
      const id = Math.floor(labels[b * U + u] * (V - 1));
      targets[b * U + u] = id >= blank ? id + 1 : id;
    }
    for (let t = 0; t < T; t++) {
      for (let u = 0; u <= U; u++) {
        if (t < items[b][0] && u <= items[b][1]) continue;
        for (let v = 0; v < V; v++)
          logits[((b * T + t) * (U + 1) + u) * V + v] = 50 * (1 + ((t + u + v) % 3));
      }
    }
  }
  return {
    logits,
    shape: [B, T, U + 1, V] as [number, number, number, number],
    targets,
    logitLengths: new Int32Array(items.map(([t]) => t)),
    targetLengths: new Int32Array(items.map(([, u]) => u)),
    blank,
  };
}

function cellOf(batch: ReturnType<typeof makeBatch>, b: number) {
  const [, T, U1, V] = batch.shape;
  return (t: number, u: number) =>
    batch.logits.subarray(((b * T + t) * U1 + u) * V, ((b * T + t) * U1 + u + 1) * V);
}

function targetsOf(batch: ReturnType<typeof makeBatch>, b: number): number[] {
  const U = batch.shape[2] - 1;
  return Array.from(batch.targets.subarray(b * U, b * U + batch.targetLengths[b]));
}

describe('rnntLossArrays', () => {
  it('uniform logits give log(#alignments) - (T + U) log V, the hand-computed value', () => {
    for (const [T, U, V] of [
      [1, 0, 3],
      [3, 2, 4],
      [4, 3, 3],
    ]) {
      const input = { ...makeBatch([[T, U]], V, 1, 0), logits: new Float64Array(T * (U + 1) * V) };
      const expected = (T + U) * Math.log(V) - Math.log(alignmentCount(T, U));
      expect(rnntLossArrays(input).losses[0]).toBeCloseTo(expected, 12);
    }
  });

  it('equals brute-force enumeration of all alignments on tiny lattices (T ≤ 4, U ≤ 3, V = 3..4)', () => {
    let seed = 10;
    for (let T = 1; T <= 4; T++) {
      for (let U = 0; U <= 3; U++) {
        for (const V of [3, 4]) {
          for (const blank of [0, V - 1]) {
            const batch = makeBatch([[T, U]], V, seed++, blank);
            const oracle = bruteForceLoss(cellOf(batch, 0), T, targetsOf(batch, 0), blank);
            expect(rnntLossArrays(batch).losses[0]).toBeCloseTo(oracle, 10);
          }
        }
      }
    }
  });

  it('defaults blank to the last id like torchaudio (blank = -1)', () => {
    const batch = makeBatch([[3, 2]], 4, 5, 3);
    const withDefault = rnntLossArrays({ ...batch, blank: undefined }).losses[0];
    expect(withDefault).toBeCloseTo(bruteForceLoss(cellOf(batch, 0), 3, targetsOf(batch, 0), 3), 10);
  });

  it('gradient matches central finite differences in float64, for every logit of a padded batch', () => {
    const batch = makeBatch(
      [
        [3, 2],
        [2, 1],
      ],
      4,
      42,
      0,
    );
    const { gradients } = rnntLossArrays(batch, { gradients: true });
    const total = (logits: Float64Array) =>
      rnntLossArrays({ ...batch, logits }).losses.reduce((s, l) => s + l, 0);
    const eps = 1e-5;
    for (let i = 0; i < batch.logits.length; i++) {
      const plus = Float64Array.from(batch.logits);
      const minus = Float64Array.from(batch.logits);
      plus[i] += eps;
      minus[i] -= eps;
      const numeric = (total(plus) - total(minus)) / (2 * eps);
      expect(Math.abs(gradients![i] - numeric)).toBeLessThan(1e-7);
    }
  });

  it('padding does not matter: each item of a variable-length batch equals the item computed alone', () => {
    const items: Array<[number, number]> = [
      [4, 2],
      [2, 3],
      [3, 0],
      [1, 1],
    ];
    const batch = makeBatch(items, 4, 7, 0);
    const [, T, U1, V] = batch.shape;
    const { losses, gradients } = rnntLossArrays(batch, { gradients: true });
    items.forEach(([Tb, Ub], b) => {
      const alone = new Float64Array(Tb * (Ub + 1) * V);
      for (let t = 0; t < Tb; t++)
        for (let u = 0; u <= Ub; u++) alone.set(cellOf(batch, b)(t, u), (t * (Ub + 1) + u) * V);
      const single = rnntLossArrays(
        {
          logits: alone,
          shape: [1, Tb, Ub + 1, V],
          targets: targetsOf(batch, b),
          logitLengths: [Tb],
          targetLengths: [Ub],
          blank: 0,
        },
        { gradients: true },
      );
      expect(losses[b]).toBeCloseTo(single.losses[0], 12);
      for (let t = 0; t < T; t++) {
        for (let u = 0; u < U1; u++) {
          for (let v = 0; v < V; v++) {
            const got = gradients![((b * T + t) * U1 + u) * V + v];
            const want = t < Tb && u <= Ub ? single.gradients![(t * (Ub + 1) + u) * V + v] : 0;
            expect(got).toBeCloseTo(want, 12);
          }
        }
      }
    });
  });

  it('float32 input gives float32 gradients that agree with the float64 path', () => {
    const batch = makeBatch([[5, 3]], 6, 3, 0);
    const f64 = rnntLossArrays(batch, { gradients: true });
    const f32 = rnntLossArrays({ ...batch, logits: Float32Array.from(batch.logits) }, { gradients: true });
    expect(f32.gradients).toBeInstanceOf(Float32Array);
    expect(f32.losses[0]).toBeCloseTo(f64.losses[0], 4);
    f64.gradients!.forEach((g, i) => expect(f32.gradients![i]).toBeCloseTo(g, 5));
  });

  it('very negative logits (-1e4) are shift-invariant and NaN/Inf-free', () => {
    const batch = makeBatch([[4, 3]], 5, 9, 0);
    const shifted = { ...batch, logits: Float32Array.from(batch.logits, (x) => x - 1e4) };
    const reference = rnntLossArrays(batch, { gradients: true });
    const result = rnntLossArrays(shifted, { gradients: true });
    expect(result.losses[0]).toBeCloseTo(reference.losses[0], 1);
    expect(result.gradients!.every(Number.isFinite)).toBe(true);
    result.gradients!.forEach((g, i) => expect(g).toBeCloseTo(reference.gradients![i], 2));
  });

  it('-inf logits on unused tokens keep the loss finite and give them zero gradient', () => {
    const V = 5;
    const batch = makeBatch([[3, 2]], V, 11, 0);
    const used = new Set([0, ...targetsOf(batch, 0)]);
    const masked = Float64Array.from(batch.logits, (x, i) =>
      used.has(i % V) ? x : Number.NEGATIVE_INFINITY,
    );
    const { losses, gradients } = rnntLossArrays({ ...batch, logits: masked }, { gradients: true });
    const maskedCell = (t: number, u: number) => masked.subarray((t * 3 + u) * V, (t * 3 + u + 1) * V);
    expect(losses[0]).toBeCloseTo(bruteForceLoss(maskedCell, 3, targetsOf(batch, 0), 0), 10);
    gradients!.forEach((g, i) => {
      expect(Number.isFinite(g)).toBe(true);
      if (!used.has(i % V)) expect(g).toBe(0);
    });
  });

  it('an impossible utterance (blank logits all -inf) has loss +Infinity and zero gradient, not NaN', () => {
    const batch = makeBatch(
      [
        [3, 1],
        [2, 1],
      ],
      4,
      13,
      0,
    );
    const logits = Float64Array.from(batch.logits);
    for (let i = 0; i < logits.length / 2; i += 4) logits[i] = Number.NEGATIVE_INFINITY;
    const { losses, gradients } = rnntLossArrays({ ...batch, logits }, { gradients: true });
    expect(losses[0]).toBe(Number.POSITIVE_INFINITY);
    expect(Number.isFinite(losses[1])).toBe(true);
    expect(gradients!.subarray(0, logits.length / 2).every((g) => g === 0)).toBe(true);
    expect(gradients!.every(Number.isFinite)).toBe(true);
  });

  it('rejects bad input with the offending field named', () => {
    const batch = makeBatch([[3, 2]], 4, 1, 0);
    expect(() => rnntLossArrays({ ...batch, targets: new Int32Array([1, 0]) })).toThrow(
      /targets\[0\]\[1\] is the blank/,
    );
    expect(() => rnntLossArrays({ ...batch, logitLengths: [4] })).toThrow(/logitLengths\[0\] = 4/);
    expect(() => rnntLossArrays({ ...batch, targetLengths: [3] })).toThrow(/targetLengths\[0\] = 3/);
    const nan = Float64Array.from(batch.logits);
    nan[4 * 4 + 2] = Number.NaN;
    expect(() => rnntLossArrays({ ...batch, logits: nan })).toThrow(/logits\[0\]\[1\]\[1\] contain NaN/);
    expect(() => rnntLossArrays({ ...batch, shape: [1, 3, 2, 4] })).toThrow(/logits hold/);
  });
});

describe.each(['cpu', 'wasm'] as const)('rnntLoss on the %s backend', (backend) => {
  beforeAll(async () => {
    await tf.setBackend(backend);
    await tf.ready();
  });

  const items: Array<[number, number]> = [
    [5, 3],
    [3, 1],
    [4, 0],
  ];
  const batch = makeBatch(items, 6, 21, 0);
  const reference = rnntLossArrays(
    { ...batch, logits: Float32Array.from(batch.logits) },
    { gradients: true },
  );
  const tensors = () => ({
    logits: tf.tensor4d(Float32Array.from(batch.logits), batch.shape),
    targets: tf.tensor2d(batch.targets, [3, 3], 'int32'),
    logitLengths: tf.tensor1d(batch.logitLengths, 'int32'),
    targetLengths: tf.tensor1d(batch.targetLengths, 'int32'),
  });

  it('reductions none / sum / mean give [B], Σ and Σ / B of the per-utterance losses', () => {
    const before = tf.memory().numTensors;
    const [none, sum, mean] = tf.tidy(() => {
      const t = tensors();
      return (['none', 'sum', 'mean'] as const).map((reduction) => rnntLoss({ ...t, blank: 0, reduction }));
    });
    expect(none.shape).toEqual([3]);
    expect(sum.shape).toEqual([]);
    const total = reference.losses.reduce((s, l) => s + l, 0);
    Array.from(none.dataSync()).forEach((l, b) => expect(l).toBeCloseTo(reference.losses[b], 4));
    expect(sum.dataSync()[0]).toBeCloseTo(total, 3);
    expect(mean.dataSync()[0]).toBeCloseTo(total / 3, 3);
    tf.dispose([none, sum, mean]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('tf.grads gives the analytic gradient scaled by the reduction and by dy', () => {
    const t = tensors();
    const dy = tf.tensor1d([0.5, -2, 3]);
    const [gNone] = tf.grads((x: tf.Tensor) => rnntLoss({ ...t, logits: x, blank: 0, reduction: 'none' }))(
      [t.logits],
      dy,
    );
    const [gMean] = tf.grads((x: tf.Tensor) => rnntLoss({ ...t, logits: x, blank: 0 }))([t.logits]);
    const perItem = batch.logits.length / 3;
    const none = gNone.dataSync();
    const mean = gMean.dataSync();
    const scale = [0.5, -2, 3];
    reference.gradients!.forEach((g, i) => {
      expect(none[i]).toBeCloseTo(g * scale[Math.floor(i / perItem)], 5);
      expect(mean[i]).toBeCloseTo(g / 3, 5);
    });
    tf.dispose([gNone, gMean, dy, ...Object.values(t)]);
  });

  it('accepts plain arrays for targets and lengths, and U = 0 targets of shape [B, 0]', () => {
    const zero = makeBatch(
      [
        [2, 0],
        [3, 0],
      ],
      3,
      8,
      0,
    );
    const loss = tf.tidy(() =>
      rnntLoss({
        logits: tf.tensor4d(Float32Array.from(zero.logits), zero.shape),
        targets: tf.tensor2d([], [2, 0], 'int32'),
        logitLengths: [2, 3],
        targetLengths: [0, 0],
        blank: 0,
        reduction: 'none',
      }),
    );
    const losses = loss.dataSync();
    [0, 1].forEach((b) =>
      expect(losses[b]).toBeCloseTo(bruteForceLoss(cellOf(zero, b), zero.logitLengths[b], [], 0), 4),
    );
    loss.dispose();
  });
});

/** The banded logits [B, T, W, V] of a full batch along its diagonal band. */
function bandOf(full: ReturnType<typeof makeBatch>, W: number) {
  const [B, T, U1, V] = full.shape;
  const starts = diagonalBandStarts(full.logitLengths, full.targetLengths, T, W);
  const positions = bandPositions(starts, T, W, U1 - 1);
  const logits = new Float64Array(B * T * W * V);
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      for (let s = 0; s < W; s++)
        logits.set(cellOf(full, b)(t, positions[(b * T + t) * W + s]), ((b * T + t) * W + s) * V);
    }
  }
  return { input: { ...full, logits, shape: [B, T, W, V] as const, bandStarts: starts }, starts };
}

describe('band-limited loss', () => {
  it('diagonalBandStarts keeps a complete alignment inside the band', () => {
    const lengths: Array<[number, number]> = [
      [10, 4],
      [3, 6],
      [7, 0],
      [1, 2],
      [12, 12],
    ];
    const W = 3;
    const starts = diagonalBandStarts(
      lengths.map(([t]) => t),
      lengths.map(([, u]) => u),
      12,
      W,
    );
    lengths.forEach(([Tb, Ub], b) => {
      const s = Array.from(starts.subarray(b * 12, b * 12 + Tb));
      expect(s[0]).toBe(0);
      expect(s[Tb - 1] + W - 1).toBeGreaterThanOrEqual(Ub);
      for (let t = 1; t < Tb; t++) {
        expect(s[t]).toBeGreaterThanOrEqual(s[t - 1]);
        expect(s[t] - s[t - 1]).toBeLessThanOrEqual(W - 1);
      }
    });
    expect(() => diagonalBandStarts([2], [5], 4, 3)).toThrow(/5 labels cannot fit 2 frames/);
    expect(Array.from(bandPositions([0, 2, 3], 3, 2, 3))).toEqual([0, 1, 2, 3, 3, 3]);
  });

  it('equals brute force over the alignments inside the band, with a finite-difference-exact gradient', () => {
    const items: Array<[number, number]> = [
      [4, 3],
      [3, 2],
    ];
    const full = makeBatch(items, 4, 31, 0);
    const W = 2;
    const { input, starts } = bandOf(full, W);
    const banded = input.logits;
    const T = full.shape[1];
    const { losses, gradients } = rnntLossArrays(input, { gradients: true });
    items.forEach(([Tb], b) => {
      const inBand = (t: number, u: number) => u >= starts[b * T + t] && u < starts[b * T + t] + W;
      const oracle = bruteForceLoss(cellOf(full, b), Tb, targetsOf(full, b), 0, inBand);
      expect(losses[b]).toBeCloseTo(oracle, 10);
      expect(losses[b]).toBeGreaterThan(rnntLossArrays(full).losses[b]);
    });
    const eps = 1e-5;
    for (let i = 0; i < banded.length; i++) {
      const plus = Float64Array.from(banded);
      const minus = Float64Array.from(banded);
      plus[i] += eps;
      minus[i] -= eps;
      const f = (logits: Float64Array) =>
        rnntLossArrays({ ...input, logits }).losses.reduce((s, l) => s + l, 0);
      expect(Math.abs(gradients![i] - (f(plus) - f(minus)) / (2 * eps))).toBeLessThan(1e-7);
    }
  });

  it('rnntLossBanded with a band covering every position equals rnntLoss', () => {
    const full = makeBatch(
      [
        [4, 2],
        [3, 1],
      ],
      5,
      17,
      0,
    );
    const [banded, plain] = tf.tidy(() => {
      const args = {
        logits: tf.tensor4d(Float32Array.from(full.logits), full.shape),
        targets: tf.tensor2d(full.targets, [2, 2], 'int32'),
        logitLengths: full.logitLengths,
        targetLengths: full.targetLengths,
        blank: 0,
        reduction: 'none' as const,
      };
      return [rnntLossBanded({ ...args, band: 3 }), rnntLoss(args)];
    });
    Array.from(banded.dataSync()).forEach((l, b) => expect(l).toBeCloseTo(plain.dataSync()[b], 5));
    tf.dispose([banded, plain]);
  });
  it('rnntLossBanded on tfjs gives the gradient of the arrays path for a narrow diagonal band', () => {
    const full = makeBatch(
      [
        [5, 3],
        [4, 2],
      ],
      5,
      41,
      0,
    );
    const { input } = bandOf(full, 2);
    const reference = rnntLossArrays(
      { ...input, logits: Float32Array.from(input.logits) },
      { gradients: true },
    );
    const x = tf.tensor4d(Float32Array.from(input.logits), [...input.shape]);
    const targets = tf.tensor2d(full.targets, [2, 3], 'int32');
    const banded = (logits: tf.Tensor) =>
      rnntLossBanded({ ...full, logits, targets, blank: 0, band: 2, reduction: 'sum' });
    const [grad] = tf.grads(banded)([x]);
    const loss = banded(x);
    expect(loss.dataSync()[0]).toBeCloseTo(reference.losses[0] + reference.losses[1], 3);
    grad.dataSync().forEach((g, i) => expect(g).toBeCloseTo(reference.gradients![i], 5));
    tf.dispose([x, targets, grad, loss]);
  });
});
