export { compareRuns, denseStartTag, groupTag, COMPARISON_METRICS, SPREAD_NOTE } from './compare';
export { comparePair } from './pairwise';
export { TestSetMismatchError } from './test-set-scores';
export { groupProgress, type PlannedSteps } from './group-progress';
export { reviewRow, filterReviewRows, wordsFromTokens } from './review';
export { readPreregistration, preregistrationStatus } from './preregistration';
