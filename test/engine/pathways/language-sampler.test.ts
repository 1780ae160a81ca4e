import {
  LanguageSampler,
  checkLanguageData,
  languageWeights,
} from '../../../src/engine/pathways/language-sampler';

const sizes = new Map([
  ['en', 800],
  ['fr', 100],
  ['it', 100],
]);

describe('language weights', () => {
  it('proportional, uniform and temperature-scaled weights match hand computation', () => {
    expect([...languageWeights(sizes, 'proportional')]).toEqual([
      ['en', 0.8],
      ['fr', 0.1],
      ['it', 0.1],
    ]);
    expect([...languageWeights(sizes, 'uniform').values()]).toEqual([1 / 3, 1 / 3, 1 / 3]);
    // T = 3: 800^(1/3) = 9.2832, 100^(1/3) = 4.6416 → 9.2832 / 18.566 = 0.5
    const t = languageWeights(sizes, 'temperature', 3);
    expect(t.get('en')).toBeCloseTo(0.5, 10);
    expect(t.get('it')).toBeCloseTo(0.25, 10);
    expect([...languageWeights(sizes, 'temperature', 1).values()].map((w) => +w.toFixed(12))).toEqual([
      0.8, 0.1, 0.1,
    ]);
  });
  it('rejects a language with no data, naming it, and a bad temperature', () => {
    expect(() =>
      checkLanguageData(
        new Map([
          ['en', 5],
          ['it', 0],
        ]),
      ),
    ).toThrow(/language 'it' has no training data/);
    expect(() => languageWeights(new Map(), 'uniform')).toThrow(/no languages/);
    expect(() => languageWeights(sizes, 'temperature', 0)).toThrow(/temperature must be > 0/);
  });
});

describe('LanguageSampler', () => {
  it("'all' mode gives every language every step with its weight as share", () => {
    const sampler = new LanguageSampler(sizes, { scheme: 'proportional' });
    expect(sampler.next()).toEqual([
      { language: 'en', share: 0.8 },
      { language: 'fr', share: 0.1 },
      { language: 'it', share: 0.1 },
    ]);
  });
  it("'sample' mode draws languages with the weights' frequencies, reproducibly", () => {
    const draw = () => {
      const sampler = new LanguageSampler(sizes, {
        scheme: 'proportional',
        mode: 'sample',
        batchesPerStep: 2,
        seed: 9,
      });
      return Array.from({ length: 2000 }, () => sampler.next()).flat();
    };
    const picks = draw();
    expect(picks.every((p) => p.share === 0.5)).toBe(true);
    const en = picks.filter((p) => p.language === 'en').length / picks.length;
    expect(en).toBeGreaterThan(0.77);
    expect(en).toBeLessThan(0.83);
    expect(draw()).toEqual(picks);
  });
});
