export { editAlignment, LEVENSHTEIN_WEIGHTS, SCLITE_WEIGHTS } from './align';
export type { AlignmentOp, EditOp, EditWeights } from './align';
export {
  addCounts,
  aggregateByLanguage,
  cer,
  charactersOf,
  countErrors,
  errorRate,
  scoreTokens,
  wer,
  wordsOf,
  ZERO_COUNTS,
} from './error-rate';
export type { ErrorCounts, LanguageAggregate, UtteranceScore } from './error-rate';
export { formatTrn, parseTrn, speakerOf } from './trn';
export type { TrnEntry, TrnFile } from './trn';
export { formatTrnSummary, scoreTrn } from './score-trn';
export type { ScoredUtterance, ScoreGroup, TrnScore, TrnScoreOptions } from './score-trn';
export { formatErrs, markupErrors, werSummaryLine } from './errs';
