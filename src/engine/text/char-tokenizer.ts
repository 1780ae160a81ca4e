/** Character tokenizer: one piece per character (code point, NFC) plus '▁' before every word. */
import {
  BLANK,
  decodePieces,
  indexVocab,
  UNK,
  UNK_ID,
  WORD_START,
  wordsForEncoding,
  type CharTokenizerJson,
  type Tokenizer,
} from './tokenizer';

/** How often each word (as the tokenizers split them) occurs in the texts. */
export function countWords(texts: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const text of texts) {
    for (const word of wordsForEncoding(text)) counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  return counts;
}

/** Characters of the counted words except '▁', most frequent first (ties by code point). */
export function characterInventory(wordCounts: ReadonlyMap<string, number>): string[] {
  const counts = new Map<string, number>();
  for (const [word, count] of wordCounts) {
    for (const char of word) if (char !== WORD_START) counts.set(char, (counts.get(char) ?? 0) + count);
  }
  return [...counts]
    .sort(([a, ca], [b, cb]) => cb - ca || (a < b ? -1 : a > b ? 1 : 0))
    .map(([char]) => char);
}

export class CharTokenizer implements Tokenizer {
  readonly kind = 'char';
  private readonly ids: Map<string, number>;

  constructor(readonly vocab: readonly string[]) {
    this.ids = indexVocab(vocab, 'char tokenizer');
  }

  /** Vocabulary: blank, unknown, '▁', then every character of the texts. */
  static train(texts: Iterable<string>): CharTokenizer {
    return new CharTokenizer([BLANK, UNK, WORD_START, ...characterInventory(countWords(texts))]);
  }

  static fromJSON(json: CharTokenizerJson): CharTokenizer {
    return new CharTokenizer(json.vocab);
  }

  encode(text: string): number[] {
    const ids: number[] = [];
    for (const word of wordsForEncoding(text)) {
      ids.push(this.ids.get(WORD_START) ?? UNK_ID);
      for (const char of word) ids.push(this.ids.get(char) ?? UNK_ID);
    }
    return ids;
  }

  decode(ids: readonly number[]): string {
    return decodePieces(this.vocab, ids);
  }

  toJSON(): CharTokenizerJson {
    return { kind: 'char', vocab: [...this.vocab] };
  }
}
