/**
 * Byte-pair-encoding subword tokenizer in the style of SentencePiece's BPE: every word starts with
 * '▁', the initial pieces are the characters of the corpus, and training repeatedly merges the most
 * frequent adjacent pair (ties: the pair whose pieces sort first) until the vocabulary has the requested
 * size or no pair is left. Encoding applies the learnt merges, lowest rank first.
 */
import { characterInventory, countWords } from './char-tokenizer';
import {
  BLANK,
  decodePieces,
  indexVocab,
  UNK,
  UNK_ID,
  WORD_START,
  wordsForEncoding,
  type BpeTokenizerJson,
  type Tokenizer,
} from './tokenizer';

const PAIR_BASE = 2 ** 21;
const pairKey = (a: number, b: number): number => a * PAIR_BASE + b;

interface TrainingWord {
  symbols: number[];
  count: number;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Replace every non-overlapping (a, b), left to right, by merged. */
function mergeSymbols<T>(symbols: readonly T[], a: T, b: T, merged: T): T[] {
  const out: T[] = [];
  for (let i = 0; i < symbols.length; i++) {
    if (i + 1 < symbols.length && symbols[i] === a && symbols[i + 1] === b) {
      out.push(merged);
      i++;
    } else out.push(symbols[i]);
  }
  return out;
}

export function trainBpe(texts: Iterable<string>, vocabSize: number): BpeTokenizer {
  const wordCounts = countWords(texts);
  const vocab = [BLANK, UNK, WORD_START, ...characterInventory(wordCounts)];
  if (!Number.isInteger(vocabSize) || vocabSize < vocab.length) {
    throw new RangeError(
      `trainBpe: vocabSize ${vocabSize} is below the ${vocab.length} pieces needed for blank, unknown, '${WORD_START}' ` +
        `and the ${vocab.length - 3} characters of the corpus`,
    );
  }
  if (vocabSize >= PAIR_BASE)
    throw new RangeError(`trainBpe: vocabSize ${vocabSize} must be below ${PAIR_BASE}`);
  const ids = new Map(vocab.map((piece, id) => [piece, id]));
  const words: TrainingWord[] = [...wordCounts].map(([word, count]) => ({
    symbols: [WORD_START, ...word].map((piece) => ids.get(piece)!),
    count,
  }));
  const pairCounts = new Map<number, number>();
  const pairWords = new Map<number, Set<number>>();
  const addPairs = (w: number, sign: 1 | -1): void => {
    const { symbols, count } = words[w];
    for (let i = 0; i + 1 < symbols.length; i++) {
      const key = pairKey(symbols[i], symbols[i + 1]);
      const next = (pairCounts.get(key) ?? 0) + sign * count;
      if (next > 0) pairCounts.set(key, next);
      else pairCounts.delete(key);
      if (sign > 0) {
        let set = pairWords.get(key);
        if (!set) pairWords.set(key, (set = new Set()));
        set.add(w);
      }
    }
  };
  words.forEach((_, w) => addPairs(w, 1));

  const merges: Array<[string, string]> = [];
  while (vocab.length < vocabSize) {
    let bestKey = -1;
    let bestCount = 0;
    for (const [key, count] of pairCounts) {
      if (count < bestCount) continue;
      if (count === bestCount) {
        const [a, b] = [Math.floor(key / PAIR_BASE), key % PAIR_BASE];
        const [ba, bb] = [Math.floor(bestKey / PAIR_BASE), bestKey % PAIR_BASE];
        const order = compareStrings(vocab[a], vocab[ba]) || compareStrings(vocab[b], vocab[bb]);
        if (order >= 0) continue;
      }
      bestKey = key;
      bestCount = count;
    }
    if (bestKey < 0) break;
    const a = Math.floor(bestKey / PAIR_BASE);
    const b = bestKey % PAIR_BASE;
    const piece = vocab[a] + vocab[b];
    let merged = ids.get(piece);
    if (merged === undefined) {
      merged = vocab.length;
      ids.set(piece, merged);
      vocab.push(piece);
    }
    merges.push([vocab[a], vocab[b]]);
    for (const w of pairWords.get(bestKey) ?? []) {
      addPairs(w, -1);
      words[w].symbols = mergeSymbols(words[w].symbols, a, b, merged);
      addPairs(w, 1);
    }
    pairWords.delete(bestKey);
  }
  return new BpeTokenizer(vocab, merges);
}

export class BpeTokenizer implements Tokenizer {
  readonly kind = 'bpe';
  private readonly ids: Map<string, number>;
  /** Rank of each merge rule, keyed by `left \0 right`. */
  private readonly ranks = new Map<string, number>();
  private readonly cache = new Map<string, number[]>();

  constructor(
    readonly vocab: readonly string[],
    readonly merges: ReadonlyArray<readonly [string, string]>,
  ) {
    this.ids = indexVocab(vocab, 'bpe tokenizer');
    merges.forEach(([left, right], rank) => {
      if (!this.ids.has(left) || !this.ids.has(right) || !this.ids.has(left + right)) {
        throw new RangeError(
          `bpe tokenizer: merges[${rank}] ('${left}', '${right}') uses a piece missing from vocab`,
        );
      }
      const key = `${left}\0${right}`;
      if (!this.ranks.has(key)) this.ranks.set(key, rank);
    });
  }

  static fromJSON(json: BpeTokenizerJson): BpeTokenizer {
    return new BpeTokenizer(json.vocab, json.merges);
  }

  /** Pieces of one word ('▁' + its characters after the merges). */
  private encodeWord(word: string): number[] {
    const cached = this.cache.get(word);
    if (cached) return cached;
    let symbols = [WORD_START, ...word];
    for (;;) {
      let best = -1;
      let at = -1;
      for (let i = 0; i + 1 < symbols.length; i++) {
        const rank = this.ranks.get(`${symbols[i]}\0${symbols[i + 1]}`);
        if (rank !== undefined && (best < 0 || rank < best)) [best, at] = [rank, i];
      }
      if (best < 0) break;
      symbols = mergeSymbols(symbols, symbols[at], symbols[at + 1], symbols[at] + symbols[at + 1]);
    }
    const ids = symbols.map((piece) => this.ids.get(piece) ?? UNK_ID);
    this.cache.set(word, ids);
    return ids;
  }

  encode(text: string): number[] {
    return wordsForEncoding(text).flatMap((word) => this.encodeWord(word));
  }

  decode(ids: readonly number[]): string {
    return decodePieces(this.vocab, ids);
  }

  toJSON(): BpeTokenizerJson {
    return { kind: 'bpe', vocab: [...this.vocab], merges: this.merges.map(([l, r]) => [l, r]) };
  }
}
