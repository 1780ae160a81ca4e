import type { SeededRandom } from '../../model/random';

/** A noun with its plural; `gender` is m/f (French, Italian), de/het (Dutch) or '' (English). */
export interface Noun {
  sg: string;
  pl: string;
  gender: string;
}

/** A proper name (singular subject); `gender` drives predicative agreement. */
export interface Name {
  name: string;
  gender: string;
}

/** Third-person present forms. */
export interface Verb {
  sg: string;
  pl: string;
}

/** What a noun phrase needs to agree with. */
export interface NounPhraseSpec {
  noun: Noun;
  plural: boolean;
  definite: boolean;
  /** Index into the language's adjectives. */
  adjective?: number;
  /** Picks among the language's plural indefinite quantifiers (some/two/…). */
  quantifier: number;
}

/**
 * One language of the demo corpus: a vocabulary and the agreement rules that turn it into grammatical
 * sentences (articles, elision, adjective position and agreement, verb number, word order).
 */
export interface Grammar {
  language: string;
  people: Noun[];
  animals: Noun[];
  things: Noun[];
  names: Name[];
  adjectiveCount: number;
  transitive: Verb[];
  intransitive: Verb[];
  copula: Verb;
  places: string[];
  times: string[];
  and: string;
  /** Dutch main clauses put the verb second after a fronted adverbial. */
  verbSecond: boolean;
  nounPhrase(spec: NounPhraseSpec): string;
  /** The adjective as a predicate (`is small`), agreeing with the subject's gender and number. */
  predicative(adjective: number, gender: string, plural: boolean): string;
}

interface Subject {
  text: string;
  gender: string;
  plural: boolean;
}

function pick<T>(rng: SeededRandom, items: T[]): T {
  return items[rng.int(items.length)];
}

function nounPhrase(g: Grammar, rng: SeededRandom, nouns: Noun[]): Subject {
  const noun = pick(rng, nouns);
  const plural = rng.next() < 0.35;
  const spec: NounPhraseSpec = { noun, plural, definite: rng.next() < 0.55, quantifier: rng.int(3) };
  if (rng.next() < 0.35) spec.adjective = rng.int(g.adjectiveCount);
  return { text: g.nounPhrase(spec), gender: noun.gender, plural };
}

function subject(g: Grammar, rng: SeededRandom): Subject {
  const r = rng.next();
  if (r < 0.2) {
    const n = pick(rng, g.names);
    return { text: n.name, gender: n.gender, plural: false };
  }
  return nounPhrase(g, rng, r < 0.75 ? g.people : g.animals);
}

function object(g: Grammar, rng: SeededRandom): string {
  return nounPhrase(g, rng, rng.next() < 0.8 ? g.things : g.animals).text;
}

const verbOf = (v: Verb, s: Subject): string => (s.plural ? v.pl : v.sg);

/** Sentence templates with weights: subject–verb–object, + place, fronted time, intransitive, copula, coordination. */
const TEMPLATES: { weight: number; make: (g: Grammar, rng: SeededRandom) => string[] }[] = [
  {
    weight: 2,
    make: (g, rng) => {
      const s = subject(g, rng);
      return [s.text, verbOf(pick(rng, g.transitive), s), object(g, rng)];
    },
  },
  {
    weight: 3,
    make: (g, rng) => {
      const s = subject(g, rng);
      return [s.text, verbOf(pick(rng, g.transitive), s), object(g, rng), pick(rng, g.places)];
    },
  },
  {
    weight: 2,
    make: (g, rng) => {
      const time = pick(rng, g.times);
      const s = subject(g, rng);
      const v = verbOf(pick(rng, g.transitive), s);
      const o = object(g, rng);
      return g.verbSecond ? [time, v, s.text, o] : [time, s.text, v, o];
    },
  },
  {
    weight: 2,
    make: (g, rng) => {
      const s = subject(g, rng);
      return [s.text, verbOf(pick(rng, g.intransitive), s), pick(rng, g.places)];
    },
  },
  {
    weight: 1,
    make: (g, rng) => {
      const s = subject(g, rng);
      return [s.text, verbOf(pick(rng, g.intransitive), s), pick(rng, g.times)];
    },
  },
  {
    weight: 2,
    make: (g, rng) => {
      const s = subject(g, rng);
      return [s.text, verbOf(g.copula, s), g.predicative(rng.int(g.adjectiveCount), s.gender, s.plural)];
    },
  },
  {
    weight: 1,
    make: (g, rng) => {
      const a = subject(g, rng);
      const b = subject(g, rng);
      const first = [a.text, verbOf(pick(rng, g.transitive), a), object(g, rng)];
      return [...first, g.and, b.text, verbOf(pick(rng, g.intransitive), b)];
    },
  },
];

const TOTAL_WEIGHT = TEMPLATES.reduce((s, t) => s + t.weight, 0);

/** One random grammatical sentence: lower case, no punctuation (apostrophes of elision kept). */
export function generateSentence(g: Grammar, rng: SeededRandom): string {
  let r = rng.next() * TOTAL_WEIGHT;
  const template = TEMPLATES.find((t) => (r -= t.weight) < 0) ?? TEMPLATES[0];
  return template.make(g, rng).join(' ');
}

/** Joins words with spaces, attaching an elided word (`l'`, `un'`) to the next one. */
export function joinElided(words: string[]): string {
  return words.reduce((text, w) => (text === '' ? w : text.endsWith("'") ? text + w : `${text} ${w}`), '');
}

/** Every word form the grammar can produce (for vocabulary size checks). */
export function vocabulary(g: Grammar): Set<string> {
  const words = new Set<string>();
  const add = (text: string): void => {
    for (const w of text.split(/[\s']+/u)) if (w) words.add(w);
  };
  for (const n of [...g.people, ...g.animals, ...g.things]) {
    for (const plural of [false, true]) {
      for (const definite of [false, true]) {
        for (let q = 0; q < 3; q++) {
          add(g.nounPhrase({ noun: n, plural, definite, quantifier: q }));
          for (let a = 0; a < g.adjectiveCount; a++)
            add(g.nounPhrase({ noun: n, plural, definite, quantifier: q, adjective: a }));
        }
      }
    }
  }
  for (let a = 0; a < g.adjectiveCount; a++) {
    for (const gender of ['m', 'f', 'de', 'het', ''])
      for (const p of [false, true]) add(g.predicative(a, gender, p));
  }
  for (const v of [...g.transitive, ...g.intransitive, g.copula]) add(`${v.sg} ${v.pl}`);
  for (const t of [...g.places, ...g.times, g.and, ...g.names.map((n) => n.name)]) add(t);
  return words;
}
