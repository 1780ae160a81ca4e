/**
 * The tokenizer interface shared by character, BPE, merged and SentencePiece tokenizers, and the piece
 * conventions they share: id 0 is the RNN-T blank, id 1 the unknown piece, and '▁' marks the start of
 * a word (as in SentencePiece), so decoding is: join the pieces, '▁' → space.
 */

export const BLANK = '<blank>';
export const UNK = '<unk>';
export const BLANK_ID = 0;
export const UNK_ID = 1;
export const WORD_START = '\u2581';
/** What an unknown piece decodes to (SentencePiece's choice). */
export const UNK_TEXT = '\u2047';

export type TokenizerKind = 'char' | 'bpe' | 'merged' | 'sentencepiece';

export interface Tokenizer {
  readonly kind: TokenizerKind;
  /** Piece of every id; vocab[0] is the blank. */
  readonly vocab: readonly string[];
  /** Ids of a text (NFC, whitespace-separated words); lang selects the pieces of a merged tokenizer. */
  encode(text: string, lang?: string): number[];
  /** Text of ids; blanks are skipped. */
  decode(ids: readonly number[]): string;
  /** Plain JSON that loadTokenizer turns back into an equal tokenizer (saved with the run). */
  toJSON(): TokenizerJson;
}

export interface CharTokenizerJson {
  kind: 'char';
  vocab: string[];
}

export interface BpeTokenizerJson {
  kind: 'bpe';
  vocab: string[];
  /** Merge rules in the order they were learnt. */
  merges: Array<[string, string]>;
}

export interface SentencePieceTokenizerJson {
  kind: 'sentencepiece';
  /** The `.model` file, base64. */
  model: string;
}

export type LanguageTokenizerJson = CharTokenizerJson | BpeTokenizerJson | SentencePieceTokenizerJson;

export interface MergedTokenizerJson {
  kind: 'merged';
  /** Merged vocabulary, checked against the one rebuilt from the languages on load. */
  vocab: string[];
  languages: Record<string, LanguageTokenizerJson>;
}

export type TokenizerJson = LanguageTokenizerJson | MergedTokenizerJson;

/** Words of a text as the tokenizers see them: NFC, split on whitespace ('▁' counts as whitespace). */
export function wordsForEncoding(text: string): string[] {
  const cleaned = text.normalize('NFC').replaceAll(WORD_START, ' ').trim();
  return cleaned === '' ? [] : cleaned.split(/\s+/u);
}

/** Text of a piece sequence: blanks skipped, unknown pieces shown as ⁇, '▁' starts a new word. */
export function decodePieces(vocab: readonly string[], ids: readonly number[]): string {
  let text = '';
  for (const id of ids) {
    if (!Number.isInteger(id) || id < 0 || id >= vocab.length) {
      throw new RangeError(`token id ${id} is outside the vocabulary (size ${vocab.length})`);
    }
    if (id === BLANK_ID) continue;
    text += id === UNK_ID ? UNK_TEXT : vocab[id];
  }
  return text.replaceAll(WORD_START, ' ').replace(/\s+/gu, ' ').trim();
}

/** Index of every piece; throws when a piece repeats or the special pieces are not at ids 0 and 1. */
export function indexVocab(vocab: readonly string[], what: string): Map<string, number> {
  if (vocab[BLANK_ID] !== BLANK || vocab[UNK_ID] !== UNK) {
    throw new RangeError(`${what}: vocab must start with '${BLANK}', '${UNK}'`);
  }
  const index = new Map<string, number>();
  vocab.forEach((piece, id) => {
    if (typeof piece !== 'string' || piece === '')
      throw new RangeError(`${what}: vocab[${id}] is not a piece`);
    if (index.has(piece))
      throw new RangeError(`${what}: vocab[${id}] '${piece}' repeats vocab[${index.get(piece)}]`);
    index.set(piece, id);
  });
  return index;
}
