import { pairedBootstrap, type PairedScores, type UtteranceScore } from '../../../src/jobs/results/bootstrap';

/** An utterance with `we` word errors of `rw` words and `ce` character errors of `rc` characters. */
const u = (we: number, rw: number, ce = we, rc = 3 * rw): UtteranceScore => ({
  wordErrors: we,
  refWords: rw,
  charErrors: ce,
  refChars: rc,
});

/** 2 languages × 3 utterances of different lengths, B better on some, worse on one. */
const SMALL: PairedScores = {
  en: { a: [u(1, 5), u(0, 3), u(2, 4, 5, 12)], b: [u(0, 5), u(1, 3), u(1, 4, 2, 12)] },
  fr: { a: [u(3, 6), u(1, 2), u(0, 7)], b: [u(2, 6), u(1, 2, 0, 6), u(1, 7)] },
};

const pooled = (xs: UtteranceScore[], errors: 'wordErrors' | 'charErrors', length: 'refWords' | 'refChars') =>
  xs.reduce((s, x) => s + x[errors], 0) / xs.reduce((s, x) => s + x[length], 0);

/** Every stratified resample of SMALL, each equally likely: the average's ΔWER and ΔCER and en's ΔWER. */
function exactDistribution(): { wer: number[]; cer: number[]; enWer: number[] } {
  const draws = (n: number) => {
    const out: number[][] = [];
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) out.push([i, j, k]);
    return out;
  };
  const delta = (language: 'en' | 'fr', picks: number[], rate: 'wer' | 'cer') => {
    const [errors, length] =
      rate === 'wer' ? (['wordErrors', 'refWords'] as const) : (['charErrors', 'refChars'] as const);
    const { a, b } = SMALL[language];
    return (
      pooled(
        picks.map((i) => b[i]),
        errors,
        length,
      ) -
      pooled(
        picks.map((i) => a[i]),
        errors,
        length,
      )
    );
  };
  const out = { wer: [] as number[], cer: [] as number[], enWer: [] as number[] };
  for (const en of draws(3))
    for (const fr of draws(3)) {
      out.wer.push((delta('en', en, 'wer') + delta('fr', fr, 'wer')) / 2);
      out.cer.push((delta('en', en, 'cer') + delta('fr', fr, 'cer')) / 2);
      out.enWer.push(delta('en', en, 'wer'));
    }
  return out;
}

/** The exact p-quantile of equally likely values: the smallest whose distribution function reaches p. */
function exactQuantile(values: number[], p: number): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.ceil(p * sorted.length) - 1];
}

describe('paired bootstrap of the change B − A', () => {
  it('agrees with the exact distribution of every stratified resample (2 languages × 3 utterances)', () => {
    const exact = exactDistribution();
    expect(exact.wer).toHaveLength(27 * 27);
    const result = pairedBootstrap(SMALL, { resamples: 40_000, seed: 7 });
    const checks = [
      [result.average.wer, exact.wer],
      [result.average.cer, exact.cer],
      [result.perLanguage.en.wer, exact.enWer],
    ] as const;
    for (const [estimate, values] of checks) {
      // the endpoints lie within the exact quantiles just inside and just outside 2.5 % and 97.5 %
      expect(estimate.low).toBeGreaterThanOrEqual(exactQuantile(values, 0.015) - 1e-12);
      expect(estimate.low).toBeLessThanOrEqual(exactQuantile(values, 0.035) + 1e-12);
      expect(estimate.high).toBeGreaterThanOrEqual(exactQuantile(values, 0.965) - 1e-12);
      expect(estimate.high).toBeLessThanOrEqual(exactQuantile(values, 0.985) + 1e-12);
      const pImprove = values.filter((d) => d < 0).length / values.length;
      expect(Math.abs(estimate.pImprove - pImprove)).toBeLessThan(0.01);
    }
    // the point estimate is the change on the test set itself: pooled per language, averaged over languages
    const all = (l: 'en' | 'fr', s: 'a' | 'b') => [...SMALL[l][s]];
    const point = (['en', 'fr'] as const).map(
      (l) => pooled(all(l, 'b'), 'wordErrors', 'refWords') - pooled(all(l, 'a'), 'wordErrors', 'refWords'),
    );
    expect(result.average.wer.delta).toBeCloseTo((point[0] + point[1]) / 2, 12);
    expect(result.perLanguage.fr.wer.delta).toBeCloseTo(point[1], 12);
  });

  it('is deterministic for a seed, draws 1000 resamples by default, and moves only a little with another seed', () => {
    const first = pairedBootstrap(SMALL);
    expect(first.resamples).toBe(1000);
    expect(first.level).toBe(0.95);
    expect(pairedBootstrap(SMALL)).toEqual(first);
    const other = pairedBootstrap(SMALL, { seed: 2 });
    expect(other).not.toEqual(first);
    expect(Math.abs(other.average.wer.pImprove - first.average.wer.pImprove)).toBeLessThan(0.06);
  });

  it('gives Δ 0, the interval [0, 0] and no chance of improvement when B is A', () => {
    const same: PairedScores = {
      en: { a: SMALL.en.a, b: SMALL.en.a },
      fr: { a: SMALL.fr.a, b: SMALL.fr.a },
    };
    const result = pairedBootstrap(same);
    for (const d of [
      result.average.wer,
      result.average.cer,
      result.perLanguage.en.wer,
      result.perLanguage.fr.cer,
    ])
      expect(d).toEqual({ delta: 0, low: 0, high: 0, pImprove: 0, significant: false });
  });

  it('finds B better in every resample when it makes fewer errors on every utterance', () => {
    const better: PairedScores = {
      en: { a: [u(2, 5), u(3, 4), u(1, 3)], b: [u(1, 5), u(2, 4), u(0, 3)] },
      fr: { a: [u(4, 8), u(2, 2)], b: [u(3, 8), u(1, 2)] },
    };
    const result = pairedBootstrap(better, { resamples: 2000 });
    for (const d of [result.average.wer, result.average.cer, result.perLanguage.fr.wer]) {
      expect(d.pImprove).toBe(1);
      expect(d.high).toBeLessThan(0);
      expect(d.significant).toBe(true);
    }
    const worse = pairedBootstrap({ en: { a: better.en.b, b: better.en.a } });
    expect(worse.average.wer.pImprove).toBe(0);
    expect(worse.average.wer.low).toBeGreaterThan(0);
    expect(worse.average.wer.significant).toBe(true);
  });

  it('refuses languages whose utterances A and B do not both score', () => {
    expect(() => pairedBootstrap({ en: { a: [u(1, 2)], b: [] } })).toThrow(/same utterances \(1 vs 0\)/);
    expect(() => pairedBootstrap({})).toThrow(/no utterances/);
  });
});
