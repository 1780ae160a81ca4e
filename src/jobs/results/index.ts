export { compareRuns, denseStartTag, groupTag, COMPARISON_METRICS, SPREAD_NOTE } from './compare';
export { groupProgress, type PlannedSteps } from './group-progress';
export { reviewRow, filterReviewRows, wordsFromTokens } from './review';
