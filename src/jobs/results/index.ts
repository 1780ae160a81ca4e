export { saveEvaluation, listEvaluations, getEvaluation, evaluationHypotheses } from './evaluations';
export type { HypothesisRecord, NewEvaluation, StoredHypothesis, TimedToken } from './evaluations';
export { saveMaskReport, maskReport } from './mask-reports';
export { compareRuns, denseStartTag, groupTag, COMPARISON_METRICS, SPREAD_NOTE } from './compare';
export { groupProgress, type PlannedSteps } from './group-progress';
export { reviewRow, filterReviewRows, wordsFromTokens } from './review';
