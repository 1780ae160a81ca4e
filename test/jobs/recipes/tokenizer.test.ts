import type { Utterance } from '../../../src/shared/api';
import { buildTokenizer } from '../../../src/jobs/recipes/tokenizer';

const utterance = (language: string, transcript: string, i: number): Utterance => ({
  id: `${language}${i}`,
  datasetId: 'ds',
  language,
  speaker: 's',
  audioPath: '/dev/null',
  offsetSec: null,
  durationSec: 1,
  transcript,
  split: 'train',
});

const UTTERANCES = [
  utterance('en', 'The cat, the HAT!', 0),
  utterance('en', 'that hat', 1),
  utterance('fr', 'Été chaud', 2),
  utterance('fr', "l'été", 3),
];

describe('run tokenizer', () => {
  it('char: blank, unknown, word start and the characters of the normalised transcripts', () => {
    const t = buildTokenizer(UTTERANCES, { kind: 'char' });
    // normalised: lower case, punctuation stripped, apostrophe kept between letters in fr
    const chars = new Set([..."the cat the hat that hat été chaud l'été".replace(/ /g, '')]);
    expect(t.vocab.length).toBe(3 + chars.size);
    expect(t.decode(t.encode('the hat'))).toBe('the hat');
    expect(t.decode(t.encode("l'été", 'fr'))).toBe("l'été");
  });

  it('bpe: one tokenizer per language, merged; each language round-trips its text', () => {
    const t = buildTokenizer(UTTERANCES, { kind: 'bpe', vocabSizePerLanguage: 16 });
    expect(t.kind).toBe('merged');
    expect(t.decode(t.encode('that cat', 'en'))).toBe('that cat');
    expect(t.decode(t.encode('été chaud', 'fr'))).toBe('été chaud');
  });

  it('refuses an empty training set', () => {
    expect(() => buildTokenizer([], { kind: 'char' })).toThrow(/no training transcripts/);
  });
});
