import { DEMO_GRAMMARS, demoCounts, planDemoCorpus } from '../../../../src/engine/data/demo/plan';
import { generateSentence, vocabulary } from '../../../../src/engine/data/demo/grammar';
import { SeededRandom } from '../../../../src/engine/model/random';
import { english } from '../../../../src/engine/data/demo/languages/en';
import { french } from '../../../../src/engine/data/demo/languages/fr';
import { italian } from '../../../../src/engine/data/demo/languages/it';
import { dutch } from '../../../../src/engine/data/demo/languages/nl';

describe('demo corpus plan', () => {
  const plan = planDemoCorpus(7);

  it('is identical for a seed and different for another', () => {
    expect(planDemoCorpus(7)).toEqual(plan);
    const other = planDemoCorpus(8);
    expect(other.utterances.map((u) => u.text)).not.toEqual(plan.utterances.map((u) => u.text));
  });

  it('keeps held-out voices in test only, has dozens of voices, and never repeats a sentence', () => {
    const held = new Set(plan.voices.filter((v) => v.heldOut).map((v) => v.id));
    expect(plan.voices.length).toBeGreaterThanOrEqual(48);
    expect(held.size).toBe(16);
    for (const u of plan.utterances) if (held.has(u.speaker)) expect(u.split).toBe('test');
    const test = plan.utterances.filter((u) => u.split === 'test');
    expect(test.filter((u) => held.has(u.speaker)).length / test.length).toBeCloseTo(0.5, 1);
    for (const lang of ['en', 'fr', 'it', 'nl']) {
      const train = new Set(
        plan.utterances.filter((u) => u.language === lang && u.split === 'train').map((u) => u.text),
      );
      expect(test.filter((u) => u.language === lang && train.has(u.text))).toEqual([]);
    }
    const voices = new Set(plan.voices.map((v) => `${v.espeakVoice}/${v.speed}/${v.pitch}`));
    expect(voices.size).toBe(plan.voices.length);
    for (const v of plan.voices) {
      expect(v.speed).toBeGreaterThanOrEqual(130);
      expect(v.speed).toBeLessThanOrEqual(190);
      expect(v.pitch).toBeGreaterThanOrEqual(30);
      expect(v.pitch).toBeLessThanOrEqual(70);
    }
  });

  it('gives Italian ~1/8 of the training data, equal dev/test sets and several hours by default', () => {
    const c = demoCounts(3.25);
    for (const lang of ['en', 'fr', 'nl']) expect(Math.abs(c[lang].train / c.it.train - 8)).toBeLessThan(0.1);
    expect(new Set(Object.values(c).map((s) => s.test)).size).toBe(1);
    expect(c.en.test).toBeGreaterThanOrEqual(100);
    const total = Object.values(c).reduce((s, x) => s + x.train + x.dev + x.test, 0);
    expect(total * 2.2).toBeGreaterThan(3 * 3600);
    const tiny = demoCounts(0.001);
    for (const lang of ['en', 'fr', 'it', 'nl']) expect(tiny[lang]).toEqual({ train: 1, dev: 1, test: 2 });
    expect(() => demoCounts(0)).toThrow(/positive/u);
  });
});

describe('demo grammars', () => {
  const np = (g: typeof english, noun: string, plural: boolean, definite: boolean, adjective?: number) => {
    const n = [...g.people, ...g.animals, ...g.things].find((x) => x.sg === noun);
    if (!n) throw new Error(`no noun ${noun}`);
    return g.nounPhrase({ noun: n, plural, definite, adjective, quantifier: 0 });
  };

  it('have 150–300 word forms each', () => {
    for (const g of DEMO_GRAMMARS) {
      const size = vocabulary(g).size;
      expect([g.language, size >= 150 && size <= 300]).toEqual([g.language, true]);
    }
  });

  it('agree articles and adjectives (hand-checked phrases)', () => {
    expect(np(english, 'apple', false, false)).toBe('an apple');
    expect(np(english, 'apple', false, false, 0)).toBe('an old apple');
    expect(np(english, 'box', true, true, 3)).toBe('the big boxes');
    expect(np(french, 'enfant', false, true)).toBe("l'enfant");
    expect(np(french, 'fille', true, true, 0)).toBe('les petites filles');
    expect(np(french, 'histoire', false, true, 1)).toBe('la grande histoire');
    expect(np(french, 'orange', false, true, 6)).toBe("l'orange rouge");
    expect(np(french, 'cheval', true, false, 7)).toBe('des chevaux noirs');
    expect(np(italian, 'studente', false, true)).toBe('lo studente');
    expect(np(italian, 'zaino', true, true, 0)).toBe('gli zaini piccoli');
    expect(np(italian, 'arancia', false, false, 6)).toBe("un'arancia bianca");
    expect(np(italian, 'uomo', true, true)).toBe('gli uomini');
    expect(np(italian, 'chiave', true, true, 10)).toBe('le chiavi stanche');
    expect(np(dutch, 'boek', false, false, 0)).toBe('een groot boek');
    expect(np(dutch, 'boek', false, true, 0)).toBe('het grote boek');
    expect(np(dutch, 'hond', false, false, 0)).toBe('een grote hond');
    expect(np(dutch, 'paard', true, true)).toBe('de paarden');
    expect(french.predicative(11, 'f', true)).toBe('fatiguées');
    expect(italian.predicative(9, 'm', true)).toBe('felici');
  });

  it('puts the Dutch verb second after a fronted time phrase, and English keeps subject–verb order', () => {
    for (const g of [dutch, english]) {
      const rng = new SeededRandom(11);
      const verbs = new Set(g.transitive.flatMap((v) => [v.sg, v.pl]));
      let fronted = 0;
      for (let i = 0; i < 400; i++) {
        const s = generateSentence(g, rng);
        const time = g.times.find((t) => s.startsWith(`${t} `));
        if (!time || g.places.some((p) => s.endsWith(p)) || g.times.some((t) => s.endsWith(` ${t}`)))
          continue;
        fronted++;
        const next = s.slice(time.length + 1).split(' ')[0];
        expect([s, verbs.has(next)]).toEqual([s, g.verbSecond]);
      }
      expect(fronted).toBeGreaterThan(20);
    }
  });
});
