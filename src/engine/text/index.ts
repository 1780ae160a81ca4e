export { APOSTROPHE_LANGUAGES, normalizeText } from './normalize';
export type { NormalizationPolicy } from './normalize';
export {
  BLANK,
  BLANK_ID,
  decodePieces,
  UNK,
  UNK_ID,
  UNK_TEXT,
  WORD_START,
  wordsForEncoding,
} from './tokenizer';
export type {
  BpeTokenizerJson,
  CharTokenizerJson,
  LanguageTokenizerJson,
  MergedTokenizerJson,
  SentencePieceTokenizerJson,
  Tokenizer,
  TokenizerJson,
  TokenizerKind,
} from './tokenizer';
export { CharTokenizer, characterInventory, countWords } from './char-tokenizer';
export { BpeTokenizer, trainBpe } from './bpe';
export { MergedTokenizer, mergeTokenizers } from './merged-tokenizer';
export { SentencePieceTokenizer, sentencePiecePieces } from './sentencepiece';
export { loadTokenizer } from './load-tokenizer';
export { readTokenizerFile, writeTokenizerFile } from './tokenizer-file';
