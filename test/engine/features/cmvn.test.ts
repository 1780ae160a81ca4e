import { describe, expect, it } from 'vitest';
import { CmvnStats, mulberry32 } from '../../../src/engine/features';

function randomMatrix(frames: number, dim: number, seed: number): Float32Array {
  const rng = mulberry32(seed);
  return Float32Array.from(
    { length: frames * dim },
    (_, i) => (i % dim) * 2 - 5 + 3 * (rng() - 0.5) * ((i % dim) + 1),
  );
}

/** Two-pass mean and population variance of column d: the oracle. */
function columnStats(mats: Float32Array[], dim: number, d: number): { mean: number; variance: number } {
  const values = mats.flatMap((m) => Array.from({ length: m.length / dim }, (_, f) => m[f * dim + d]));
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length;
  return { mean, variance };
}

describe('global CMVN', () => {
  const dim = 4;
  const utts = [randomMatrix(30, dim, 1), randomMatrix(55, dim, 2), randomMatrix(7, dim, 3)];

  it('accumulates the mean and variance of all frames, streaming over utterances', () => {
    const stats = new CmvnStats(dim);
    for (const u of utts) stats.accumulate(u, u.length / dim);
    expect(stats.count).toBe(92);
    const mean = stats.mean();
    const variance = stats.variance();
    for (let d = 0; d < dim; d++) {
      const oracle = columnStats(utts, dim, d);
      expect(mean[d]).toBeCloseTo(oracle.mean, 9);
      expect(variance[d]).toBeCloseTo(oracle.variance, 9);
    }
  });

  it('merging partial accumulators equals accumulating everything in one', () => {
    const whole = new CmvnStats(dim);
    for (const u of utts) whole.accumulate(u, u.length / dim);
    const a = new CmvnStats(dim).accumulate(utts[0], 30);
    const b = new CmvnStats(dim).accumulate(utts[1], 55).accumulate(utts[2], 7);
    a.merge(b);
    expect(a.count).toBe(whole.count);
    for (let d = 0; d < dim; d++) {
      expect(a.sum[d]).toBeCloseTo(whole.sum[d], 9);
      expect(a.sumSquares[d]).toBeCloseTo(whole.sumSquares[d], 9);
    }
  });

  it('normalises to zero mean and unit variance, or mean only', () => {
    const stats = new CmvnStats(dim);
    for (const u of utts) stats.accumulate(u, u.length / dim);
    const normalised = utts.map((u) => stats.apply(u));
    const meanOnly = utts.map((u) => stats.apply(u, { variance: false }));
    for (let d = 0; d < dim; d++) {
      const full = columnStats(normalised, dim, d);
      expect(full.mean).toBeCloseTo(0, 5);
      expect(full.variance).toBeCloseTo(1, 4);
      const centred = columnStats(meanOnly, dim, d);
      expect(centred.mean).toBeCloseTo(0, 5);
      expect(centred.variance).toBeCloseTo(columnStats(utts, dim, d).variance, 3);
    }
  });

  it('round-trips through JSON and rejects malformed JSON naming the field', () => {
    const stats = new CmvnStats(dim).accumulate(utts[0], 30);
    const restored = CmvnStats.fromJSON(JSON.parse(JSON.stringify(stats)));
    expect(restored.toJSON()).toEqual(stats.toJSON());
    expect(restored.apply(utts[1])).toEqual(stats.apply(utts[1]));
    expect(() => CmvnStats.fromJSON({ ...stats.toJSON(), sum: [1, 2] })).toThrow(
      /"sum" must be 4 finite numbers/,
    );
    expect(() => CmvnStats.fromJSON({ ...stats.toJSON(), count: -1 })).toThrow(/"count"/);
    expect(() => CmvnStats.fromJSON(null)).toThrow(/"dim"/);
  });

  it('refuses mismatched shapes and empty stats', () => {
    const stats = new CmvnStats(dim);
    expect(() => stats.mean()).toThrow(/no frames/);
    expect(() => stats.accumulate(new Float32Array(10), 3)).toThrow(/expected 3×4/);
    expect(() => stats.merge(new CmvnStats(3))).toThrow(/dim 3/);
  });
});
