import { pruneRanges } from '../../../src/engine/loss/prune-ranges';
import { rnntLossArrays } from '../../../src/engine/loss/rnnt-lattice';
import { simpleRnntLoss } from '../../../src/engine/loss/simple-rnnt';
import { tf } from '../../../src/engine/tf';
import { useTestBackend } from '../../helpers/backend';
import { mulberry32 } from './mulberry32';
import { bruteForceLoss, seeded } from './rnnt-oracle';
import { enumeratedSimpleLoss, publishedRanges, type SimpleProblem } from './pruned-oracle';

const B = 3;
const T = 5;
const U = 3;
const V = 5;
const problem = (lmScale: number, amScale: number): SimpleProblem => ({
  am: Float64Array.from(seeded(B * T * V, 11, -2, 2), (x) => Math.fround(x)),
  lm: Float64Array.from(seeded(B * (U + 1) * V, 12, -2, 2), (x) => Math.fround(x)),
  targets: [1, 2, 3, 4, 1, 0, 2, 0, 0],
  logitLengths: [5, 4, 3],
  targetLengths: [3, 2, 1],
  B,
  T,
  U,
  V,
  blank: 0,
  lmScale,
  amScale,
});

function simpleOf(p: SimpleProblem, reduction: 'none' | 'sum' = 'none') {
  return simpleRnntLoss({
    am: tf.tensor3d(Float32Array.from(p.am), [p.B, p.T, p.V]),
    lm: tf.tensor3d(Float32Array.from(p.lm), [p.B, p.U + 1, p.V]),
    targets: Int32Array.from(p.targets),
    logitLengths: Int32Array.from(p.logitLengths),
    targetLengths: Int32Array.from(p.targetLengths),
    blank: p.blank,
    lmScale: p.lmScale,
    amScale: p.amScale,
    reduction,
  });
}

describe('pruned RNN-T loss', () => {
  beforeAll(async () => useTestBackend());

  for (const [lmScale, amScale] of [
    [0, 0],
    [0.25, 0],
    [0.25, 0.1],
  ]) {
    it(`simple loss = float64 enumeration of the additive joiner's alignments (lmScale ${lmScale}, amScale ${amScale})`, () => {
      const p = problem(lmScale, amScale);
      const { loss } = simpleOf(p);
      const got = loss.dataSync();
      for (let b = 0; b < B; b++) expect(got[b]).toBeCloseTo(enumeratedSimpleLoss(p, b), 4);
      loss.dispose();
    });
  }

  it('simple loss gradients w.r.t. am and lm = central differences of the float64 enumeration', () => {
    const p = problem(0.25, 0.1);
    const am = tf.variable(tf.tensor3d(Float32Array.from(p.am), [B, T, V]));
    const lm = tf.variable(tf.tensor3d(Float32Array.from(p.lm), [B, U + 1, V]));
    const { grads } = tf.variableGrads(
      () =>
        simpleRnntLoss({
          am,
          lm,
          targets: Int32Array.from(p.targets),
          logitLengths: Int32Array.from(p.logitLengths),
          targetLengths: Int32Array.from(p.targetLengths),
          blank: 0,
          lmScale: p.lmScale,
          amScale: p.amScale,
          reduction: 'sum',
        }).loss as tf.Scalar,
      [am, lm],
    );
    const total = (q: SimpleProblem) => [0, 1, 2].reduce((s, b) => s + enumeratedSimpleLoss(q, b), 0);
    const eps = 1e-5;
    for (const [key, variable] of [
      ['am', am],
      ['lm', lm],
    ] as const) {
      const g = grads[variable.name].dataSync();
      for (let i = 0; i < p[key].length; i += 3) {
        const plus = { ...p, [key]: Float64Array.from(p[key]) };
        const minus = { ...p, [key]: Float64Array.from(p[key]) };
        plus[key][i] += eps;
        minus[key][i] -= eps;
        const numeric = (total(plus) - total(minus)) / (2 * eps);
        expect(Math.abs(g[i] - numeric)).toBeLessThan(2e-4 + 1e-3 * Math.abs(numeric));
      }
    }
    tf.dispose([am, lm, ...Object.values(grads)]);
  });

  it('occupations of the simple lattice: blanks of every frame and labels of every position sum to 1', () => {
    const p = problem(0.25, 0);
    const { loss, occupancy } = simpleOf(p);
    for (let b = 0; b < B; b++) {
      for (let t = 0; t < p.logitLengths[b]; t++) {
        let blanks = 0;
        for (let u = 0; u <= U; u++) blanks += occupancy.blankOccupancy[(b * T + t) * (U + 1) + u];
        expect(blanks).toBeCloseTo(1, 6);
      }
      for (let u = 0; u < p.targetLengths[b]; u++) {
        let labels = 0;
        for (let t = 0; t < T; t++) labels += occupancy.labelOccupancy[(b * T + t) * (U + 1) + u];
        expect(labels).toBeCloseTo(1, 6);
      }
    }
    loss.dispose();
  });

  it('ranges = the published rule (k2 get_rnnt_prune_ranges) on random occupations, raised when U_b > T_b', () => {
    const next = mulberry32(7);
    for (let trial = 0; trial < 200; trial++) {
      const b = 1 + Math.floor(next() * 3);
      const t = 1 + Math.floor(next() * 7);
      const u = Math.floor(next() * 9);
      const frames = Array.from({ length: b }, () => 1 + Math.floor(next() * t));
      frames[0] = t;
      const labels = Array.from({ length: b }, () => Math.floor(next() * (u + 1)));
      labels[b - 1] = u;
      const requested = 2 + Math.floor(next() * 5);
      const blank = Float64Array.from({ length: b * t * (u + 1) }, () => next());
      const label = Float64Array.from({ length: b * t * (u + 1) }, () => next());
      const nested = (a: Float64Array, rows: number) =>
        Array.from({ length: b }, (_, i) =>
          Array.from({ length: rows }, (_, s) =>
            Array.from({ length: t }, (_, f) => a[(i * t + f) * (u + 1) + s]),
          ),
        );
      const expected = publishedRanges(nested(label, u), nested(blank, u + 1), frames, labels, requested);
      const got = pruneRanges({
        blankOccupancy: blank,
        labelOccupancy: label,
        shape: [b, t, u + 1],
        logitLengths: frames,
        targetLengths: labels,
        range: requested,
      });
      expect(got.range).toBe(expected.range);
      expect(Array.from(got.starts)).toEqual(expected.starts.flat());
      const raised = labels.filter((s, i) => Math.trunc((s - 1) / frames[i]) + 2 > requested).length;
      expect(got.raised).toBe(raised);
      for (let i = 0; i < b; i++) {
        const row = got.starts.subarray(i * t, (i + 1) * t);
        expect(row[0]).toBe(0);
        for (let f = 1; f < t; f++) {
          expect(row[f]).toBeGreaterThanOrEqual(row[f - 1]);
          expect(row[f] - row[f - 1]).toBeLessThan(got.range);
        }
        expect(row[frames[i] - 1] + got.range - 1).toBeGreaterThanOrEqual(labels[i]);
        expect(row[t - 1]).toBeLessThanOrEqual(u + 1 - got.range);
      }
    }
  });

  it('rejects a range below 2', () => {
    const input = {
      blankOccupancy: [1],
      labelOccupancy: [0],
      shape: [1, 1, 1] as const,
      logitLengths: [1],
      targetLengths: [0],
    };
    expect(() => pruneRanges({ ...input, range: 1 })).toThrow(/pruneRange/);
  });

  it('the pruned lattice on the chosen ranges = float64 enumeration of the alignments inside them', () => {
    const p = problem(0.25, 0);
    const { loss, occupancy } = simpleOf(p);
    loss.dispose();
    for (const range of [2, 3, 4]) {
      const ranges = pruneRanges({
        ...occupancy,
        shape: [B, T, U + 1],
        logitLengths: p.logitLengths,
        targetLengths: p.targetLengths,
        range,
      });
      const W = ranges.range;
      const logits = seeded(B * T * W * V, 40 + range);
      const { losses } = rnntLossArrays({
        logits,
        shape: [B, T, W, V],
        targets: p.targets,
        logitLengths: p.logitLengths,
        targetLengths: p.targetLengths,
        blank: 0,
        bandStarts: ranges.starts,
      });
      for (let b = 0; b < B; b++) {
        const start = (t: number) => ranges.starts[b * T + t];
        const at = (t: number, u: number) =>
          logits.subarray(((b * T + t) * W + u - start(t)) * V, ((b * T + t) * W + u - start(t) + 1) * V);
        const inRange = (t: number, u: number) => u >= start(t) && u < start(t) + W;
        const ys = p.targets.slice(b * U, b * U + p.targetLengths[b]);
        const expected = bruteForceLoss(at, p.logitLengths[b], ys, 0, inRange);
        expect(Number.isFinite(expected)).toBe(true);
        expect(losses[b]).toBeCloseTo(expected, 9);
      }
    }
  });
});
