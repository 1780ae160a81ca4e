/**
 * Word and character error counts from a minimum-edit alignment, per utterance and aggregated
 * (overall and per language).
 */
import { editAlignment, LEVENSHTEIN_WEIGHTS, type AlignmentOp, type EditWeights } from './align';

export interface ErrorCounts {
  /** Reference tokens (words for WER, characters for CER). */
  refLength: number;
  correct: number;
  substitutions: number;
  deletions: number;
  insertions: number;
  /** substitutions + deletions + insertions. */
  errors: number;
}

export interface UtteranceScore extends ErrorCounts {
  /** errors / refLength (a fraction, not a percentage); see errorRate. */
  rate: number;
  alignment: AlignmentOp[];
}

export const ZERO_COUNTS: Readonly<ErrorCounts> = {
  refLength: 0,
  correct: 0,
  substitutions: 0,
  deletions: 0,
  insertions: 0,
  errors: 0,
};

/**
 * errors / refLength. An empty reference gives 0 when the hypothesis is empty too and 1 (100 %)
 * when it has insertions, so the rate stays finite.
 */
export function errorRate(counts: ErrorCounts): number {
  if (counts.refLength === 0) return counts.errors === 0 ? 0 : 1;
  return counts.errors / counts.refLength;
}

export function countErrors(alignment: readonly AlignmentOp[]): ErrorCounts {
  const counts = { ...ZERO_COUNTS };
  for (const { op } of alignment) {
    if (op === 'C') counts.correct++;
    else if (op === 'S') counts.substitutions++;
    else if (op === 'D') counts.deletions++;
    else counts.insertions++;
  }
  counts.refLength = counts.correct + counts.substitutions + counts.deletions;
  counts.errors = counts.substitutions + counts.deletions + counts.insertions;
  return counts;
}

export function addCounts(a: ErrorCounts, b: ErrorCounts): ErrorCounts {
  return {
    refLength: a.refLength + b.refLength,
    correct: a.correct + b.correct,
    substitutions: a.substitutions + b.substitutions,
    deletions: a.deletions + b.deletions,
    insertions: a.insertions + b.insertions,
    errors: a.errors + b.errors,
  };
}

/** Whitespace-separated words of a text (NFC). */
export function wordsOf(text: string): string[] {
  const trimmed = text.normalize('NFC').trim();
  return trimmed === '' ? [] : trimmed.split(/\s+/u);
}

/** Characters (Unicode code points, NFC) of a text, whitespace excluded as in icefall's CER. */
export function charactersOf(text: string): string[] {
  return Array.from(text.normalize('NFC').replace(/\s+/gu, ''));
}

export function scoreTokens(
  ref: readonly string[],
  hyp: readonly string[],
  weights: EditWeights = LEVENSHTEIN_WEIGHTS,
): UtteranceScore {
  const alignment = editAlignment(ref, hyp, weights);
  const counts = countErrors(alignment);
  return { ...counts, rate: errorRate(counts), alignment };
}

/** Word error counts of one utterance; strings are split on whitespace. */
export function wer(ref: string | readonly string[], hyp: string | readonly string[]): UtteranceScore {
  return scoreTokens(
    typeof ref === 'string' ? wordsOf(ref) : ref,
    typeof hyp === 'string' ? wordsOf(hyp) : hyp,
  );
}

/** Character error counts of one utterance (code points, whitespace excluded). */
export function cer(ref: string, hyp: string): UtteranceScore {
  return scoreTokens(charactersOf(ref), charactersOf(hyp));
}

export interface LanguageAggregate {
  overall: ErrorCounts;
  byLanguage: Map<string, ErrorCounts>;
  /** Unweighted mean of the per-language error rates (the paper's "average" column). */
  averageRate: number;
}

export function aggregateByLanguage(
  items: Iterable<{ lang: string; counts: ErrorCounts }>,
): LanguageAggregate {
  let overall: ErrorCounts = { ...ZERO_COUNTS };
  const byLanguage = new Map<string, ErrorCounts>();
  for (const { lang, counts } of items) {
    overall = addCounts(overall, counts);
    byLanguage.set(lang, addCounts(byLanguage.get(lang) ?? ZERO_COUNTS, counts));
  }
  const rates = [...byLanguage.values()].map(errorRate);
  const averageRate = rates.length === 0 ? 0 : rates.reduce((sum, r) => sum + r, 0) / rates.length;
  return { overall, byLanguage, averageRate };
}
