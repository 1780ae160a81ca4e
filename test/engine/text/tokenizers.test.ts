import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  BLANK_ID,
  CharTokenizer,
  loadTokenizer,
  mergeTokenizers,
  normalizeText,
  trainBpe,
  UNK_ID,
  type Tokenizer,
} from '../../../src/engine/text';
import { randomInts } from '../loss/mulberry32';
import { CORPORA } from '../../helpers/corpora';

const SENNRICH = [
  'low low low low low lower lower',
  'newest newest newest newest newest newest widest widest widest',
];

/** Generated sentences from per-language syllables, for vocabularies large enough to fill. */
function corpus(syllables: string[], seed: number, lines = 200): string[] {
  const next = randomInts(seed);
  return Array.from({ length: lines }, () =>
    Array.from({ length: 3 + next(8) }, () =>
      Array.from({ length: 1 + next(3) }, () => syllables[next(syllables.length)]).join(''),
    ).join(' '),
  );
}
const EN = corpus(['the', 'ing', 'ter', 'a', 'is', 'on', 'pre', 'st', 'ed', 'ly', 'ch'], 1);
const FR = corpus(['le', 'la', 'é', 'tion', 'ment', 'è', 'on', 'qu', 'ch', 'ai', 'ed'], 2);

function roundTrips(tokenizer: Tokenizer, texts: string[], lang?: string): void {
  for (const text of texts) expect(tokenizer.decode(tokenizer.encode(text, lang))).toBe(text);
}

describe('CharTokenizer', () => {
  const texts = ['hello world', 'café au lait', "it's fine"].map((t) => normalizeText(t, 'en'));
  const tokenizer = CharTokenizer.train(texts);

  it('reserves blank and unknown, marks word starts with ▁, and round-trips', () => {
    expect(tokenizer.vocab.slice(0, 3)).toEqual(['<blank>', '<unk>', '▁']);
    expect(new Set(tokenizer.vocab).size).toBe(tokenizer.vocab.length);
    expect(
      tokenizer
        .encode('hello world')
        .map((id) => tokenizer.vocab[id])
        .join(''),
    ).toBe('▁hello▁world');
    roundTrips(tokenizer, texts);
    expect(tokenizer.encode('')).toEqual([]);
  });

  it('maps unseen characters to <unk>, shown as ⁇, and skips blanks when decoding', () => {
    const ids = tokenizer.encode('hez');
    expect(ids[3]).toBe(UNK_ID);
    expect(tokenizer.decode([BLANK_ID, ...ids, BLANK_ID])).toBe('he⁇');
    expect(() => tokenizer.decode([tokenizer.vocab.length])).toThrow(/outside the vocabulary/);
  });

  it('encodes NFD and NFC spellings to the same ids', () => {
    expect(tokenizer.encode('cafe\u0301')).toEqual(tokenizer.encode('café'));
  });
});

describe('trainBpe', () => {
  it('learns the hand-checked merges of the classic low / lower / newest / widest corpus', () => {
    const bpe = trainBpe(SENNRICH, 23);
    expect(bpe.vocab.slice(0, 13)).toEqual([
      '<blank>',
      '<unk>',
      '▁',
      'e',
      'w',
      's',
      't',
      'l',
      'o',
      'n',
      'd',
      'i',
      'r',
    ]);
    expect(bpe.merges).toEqual([
      ['e', 's'],
      ['es', 't'],
      ['l', 'o'],
      ['lo', 'w'],
      ['▁', 'low'],
      ['e', 'w'],
      ['ew', 'est'],
      ['n', 'ewest'],
      ['▁', 'newest'],
      ['d', 'est'],
    ]);
    expect(bpe.vocab.slice(13)).toEqual([
      'es',
      'est',
      'lo',
      'low',
      '▁low',
      'ew',
      'ewest',
      'newest',
      '▁newest',
      'dest',
    ]);
    const pieces = (text: string) => bpe.encode(text).map((id) => bpe.vocab[id]);
    expect(pieces('lowest newest')).toEqual(['▁low', 'est', '▁newest']);
    expect(pieces('wider')).toEqual(['▁', 'w', 'i', 'd', 'e', 'r']);
  });

  it('stops when every word is one piece, and refuses a size below the characters', () => {
    const bpe = trainBpe(SENNRICH, 1000);
    expect(bpe.vocab.length).toBeLessThan(1000);
    for (const word of ['low', 'lower', 'newest', 'widest']) expect(bpe.encode(word)).toHaveLength(1);
    expect(() => trainBpe(SENNRICH, 12)).toThrow(/vocabSize 12 is below the 13 pieces/);
  });

  it('fills the requested vocabulary size exactly and round-trips its corpus', () => {
    const bpe = trainBpe(EN, 120);
    expect(bpe.vocab).toHaveLength(120);
    expect(new Set(bpe.vocab).size).toBe(120);
    roundTrips(bpe, EN.slice(0, 50));
    const ids = bpe.encode(EN[0]);
    expect(ids.length).toBeLessThan(EN[0].replaceAll(' ', '').length);
  });

  it('encodes NFD and NFC spellings to the same ids', () => {
    const bpe = trainBpe(FR, 80);
    expect(bpe.encode('e\u0301lection')).toEqual(bpe.encode('élection'));
  });
});

describe('mergeTokenizers', () => {
  const en = trainBpe(EN, 100);
  const fr = trainBpe(FR, 100);
  const merged = mergeTokenizers(
    new Map<string, Tokenizer>([
      ['en', en],
      ['fr', fr],
    ]),
  );

  it('de-duplicates the pieces of all languages behind one blank and one unknown', () => {
    const union = new Set([...en.vocab.slice(2), ...fr.vocab.slice(2)]);
    expect(merged.vocab.slice(0, 2)).toEqual(['<blank>', '<unk>']);
    expect(merged.vocab).toHaveLength(2 + union.size);
    expect(union.size).toBeLessThan(196);
    expect(new Set(merged.vocab).size).toBe(merged.vocab.length);
    expect(merged.vocab.slice(0, 100)).toEqual(en.vocab);
  });

  it("encodes a text with its language's own pieces and decodes it without the language", () => {
    for (const [lang, own, texts] of [
      ['en', en, EN],
      ['fr', fr, FR],
    ] as const) {
      for (const text of texts.slice(0, 30)) {
        const ids = merged.encode(text, lang);
        expect(ids.map((id) => merged.vocab[id])).toEqual(own.encode(text).map((id) => own.vocab[id]));
        expect(merged.decode(ids)).toBe(text);
      }
    }
    expect(() => merged.encode('x', 'de')).toThrow(/language 'de' is not one of en, fr/);
  });
});

describe('saving and loading', () => {
  it('loadTokenizer(JSON) gives back equal tokenizers of every kind', async () => {
    const char = CharTokenizer.train(FR);
    const bpe = trainBpe(EN, 90);
    const merged = mergeTokenizers(
      new Map<string, Tokenizer>([
        ['fr', char],
        ['en', bpe],
      ]),
    );
    for (const [tokenizer, lang, text] of [
      [char, undefined, FR[3]],
      [bpe, undefined, EN[3]],
      [merged, 'en', EN[4]],
      [merged, 'fr', FR[4]],
    ] as const) {
      const loaded = await loadTokenizer(JSON.parse(JSON.stringify(tokenizer)));
      expect(loaded.kind).toBe(tokenizer.kind);
      expect(loaded.vocab).toEqual(tokenizer.vocab);
      expect(loaded.encode(text, lang)).toEqual(tokenizer.encode(text, lang));
    }
  });

  it('names the field of a malformed file and refuses a merged vocabulary that does not rebuild', async () => {
    await expect(
      loadTokenizer({ kind: 'bpe', vocab: ['<blank>', '<unk>'], merges: [['a']] }, 'run.json'),
    ).rejects.toThrow(/run\.json: merges\.0/);
    await expect(loadTokenizer({ kind: 'words' })).rejects.toThrow(/kind/);
    await expect(loadTokenizer({ kind: 'char', vocab: ['<unk>', '<blank>', 'a'] })).rejects.toThrow(
      /must start with/,
    );
    const json = mergeTokenizers(new Map([['en', CharTokenizer.train(['ab'])]])).toJSON();
    json.vocab[3] = 'zz';
    await expect(loadTokenizer(json)).rejects.toThrow(/vocab differs .* at id 3/);
  });
});

const FLEURS = join(CORPORA, 'fleurs-opus-cuttledoc/packages/cuttledoc/fixtures');
const hasFleurs = existsSync(FLEURS);
if (!hasFleurs) console.log(`skipping FLEURS tokenizer test: ${FLEURS} not found`);

describe('real transcripts (FLEURS)', () => {
  it.skipIf(!hasFleurs)(
    'trains per-language BPE, merges with overlap, and round-trips every transcript',
    () => {
      const byLang = new Map<string, string[]>();
      for (const file of readdirSync(FLEURS).filter((f) => /^fleurs-[a-z]+-\d+\.txt$/u.test(f))) {
        const lang = file.split('-')[1];
        const text = normalizeText(readFileSync(join(FLEURS, file), 'utf8'), lang);
        byLang.set(lang, [...(byLang.get(lang) ?? []), text]);
      }
      const perLanguage = new Map<string, Tokenizer>(
        [...byLang].map(([lang, texts]) => [lang, trainBpe(texts, 150)]),
      );
      const merged = mergeTokenizers(perLanguage);
      expect(merged.vocab.length).toBeLessThan(2 + 148 * perLanguage.size);
      for (const [lang, texts] of byLang) roundTrips(merged, texts, lang);
    },
  );
});
