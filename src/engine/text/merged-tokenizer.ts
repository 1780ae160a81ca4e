/**
 * Multilingual vocabulary merged from per-language tokenizers, as in the paper (N pieces per language,
 * de-duplicated: 4 × 512 word pieces → 1,548 units). Merged ids: blank, unknown, then the pieces of
 * each language in order, a piece already present keeping its first id. A text is encoded with its own
 * language's tokenizer and mapped to merged ids; decoding needs no language.
 */
import {
  BLANK,
  BLANK_ID,
  decodePieces,
  indexVocab,
  UNK,
  UNK_ID,
  type LanguageTokenizerJson,
  type MergedTokenizerJson,
  type Tokenizer,
} from './tokenizer';

export class MergedTokenizer implements Tokenizer {
  readonly kind = 'merged';
  readonly vocab: readonly string[];
  /** Per language: merged id of each of its own ids. */
  private readonly maps = new Map<string, Int32Array>();

  readonly languages: ReadonlyMap<string, Tokenizer>;

  constructor(languages: ReadonlyMap<string, Tokenizer>) {
    this.languages = new Map(languages);
    if (languages.size === 0) throw new RangeError('mergeTokenizers: no languages given');
    const vocab = [BLANK, UNK];
    const ids = new Map(vocab.map((piece, id) => [piece, id]));
    for (const [lang, tokenizer] of languages) {
      if (tokenizer.kind === 'merged')
        throw new RangeError(`mergeTokenizers: '${lang}' is already a merged tokenizer`);
      const map = new Int32Array(tokenizer.vocab.length);
      tokenizer.vocab.forEach((piece, local) => {
        if (local === BLANK_ID) return;
        let merged = local === UNK_ID ? UNK_ID : ids.get(piece);
        if (merged === undefined) {
          merged = vocab.length;
          ids.set(piece, merged);
          vocab.push(piece);
        }
        map[local] = merged;
      });
      this.maps.set(lang, map);
    }
    this.vocab = vocab;
    indexVocab(vocab, 'merged tokenizer');
  }

  encode(text: string, lang?: string): number[] {
    const map = lang === undefined ? undefined : this.maps.get(lang);
    const tokenizer = lang === undefined ? undefined : this.languages.get(lang);
    if (!map || !tokenizer) {
      throw new RangeError(
        `merged tokenizer: language '${lang}' is not one of ${[...this.maps.keys()].join(', ')}`,
      );
    }
    return tokenizer.encode(text, lang).map((id) => map[id]);
  }

  decode(ids: readonly number[]): string {
    return decodePieces(this.vocab, ids);
  }

  /** Merged ids a language can produce (its own pieces), blank and unknown included. */
  languageIds(lang: string): Int32Array {
    const map = this.maps.get(lang);
    if (!map)
      throw new RangeError(
        `merged tokenizer: language '${lang}' is not one of ${[...this.maps.keys()].join(', ')}`,
      );
    return map;
  }

  toJSON(): MergedTokenizerJson {
    const languages: Record<string, LanguageTokenizerJson> = {};
    for (const [lang, tokenizer] of this.languages)
      languages[lang] = tokenizer.toJSON() as LanguageTokenizerJson;
    return { kind: 'merged', vocab: [...this.vocab], languages };
  }
}

/** Merge per-language tokenizers (in the map's order) into one de-duplicated vocabulary. */
export function mergeTokenizers(perLanguage: ReadonlyMap<string, Tokenizer>): MergedTokenizer {
  return new MergedTokenizer(perLanguage);
}
