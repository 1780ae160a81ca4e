import type { z } from 'zod';
import { wer as scoreWords, type AlignmentOp } from '../../engine/score';
import { WORD_START } from '../../engine/text';
import type { ReviewRow, reviewChannels } from '../../shared/api';
import type { StoredHypothesis, TimedToken } from '../../store';

type ReviewFilter = Omit<z.output<(typeof reviewChannels)['review.utterances']['request']>, 'evaluationId'>;

const rate = (errors: number, length: number) => (length === 0 ? (errors === 0 ? 0 : 1) : errors / length);

/** A review row: the stored error counts give WER and CER; the word alignment gives the S/I/D split. */
export function reviewRow(h: StoredHypothesis): ReviewRow & { alignment: AlignmentOp[] } {
  const score = scoreWords(h.reference, h.hypothesis);
  return {
    utteranceId: h.utteranceKey,
    language: h.language,
    speaker: h.speaker,
    reference: h.reference,
    hypothesis: h.hypothesis,
    wer: rate(h.wordErrors, h.refWords),
    cer: rate(h.charErrors, h.refChars),
    substitutions: score.substitutions,
    insertions: score.insertions,
    deletions: score.deletions,
    alignment: score.alignment,
  };
}

const ERROR_FIELD = {
  substitution: 'substitutions',
  insertion: 'insertions',
  deletion: 'deletions',
} as const;

export function filterReviewRows(
  hypotheses: StoredHypothesis[],
  filter: ReviewFilter,
): { total: number; items: ReviewRow[] } {
  const rows = hypotheses
    .map((h) => {
      const { alignment: _alignment, ...row } = reviewRow(h);
      return row;
    })
    .filter((r) => filter.language === undefined || r.language === filter.language)
    .filter((r) => filter.speaker === undefined || r.speaker === filter.speaker)
    .filter((r) => filter.minWer === undefined || r.wer >= filter.minWer)
    .filter((r) => filter.errorType === undefined || r[ERROR_FIELD[filter.errorType]] > 0);
  const byId = (a: ReviewRow, b: ReviewRow) =>
    a.utteranceId < b.utteranceId ? -1 : a.utteranceId > b.utteranceId ? 1 : 0;
  if (filter.sort === 'wer-desc') rows.sort((a, b) => b.wer - a.wer || byId(a, b));
  else if (filter.sort === 'wer-asc') rows.sort((a, b) => a.wer - b.wer || byId(a, b));
  else rows.sort(byId);
  return { total: rows.length, items: rows.slice(filter.offset, filter.offset + filter.limit) };
}

/**
 * Words from timed sub-word tokens: a token starting with the word-start marker (▁) or a space begins a new
 * word; a token of only such markers separates words; the others continue the current word.
 */
export function wordsFromTokens(tokens: readonly TimedToken[]): TimedToken[] {
  const words: TimedToken[] = [];
  let current: TimedToken | undefined;
  for (const token of tokens) {
    const starts = token.text.startsWith(WORD_START) || token.text.startsWith(' ');
    const text = token.text.replace(new RegExp(`^[${WORD_START} ]+`, 'u'), '');
    if (starts || !current) {
      if (current) words.push(current);
      current = text === '' ? undefined : { text, startSec: token.startSec, endSec: token.endSec };
      continue;
    }
    current = { text: current.text + text, startSec: current.startSec, endSec: token.endSec };
  }
  if (current) words.push(current);
  return words;
}
