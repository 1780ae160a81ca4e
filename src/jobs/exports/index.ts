export { formatComparison, REPORT_EXTENSION, type ReportFormat } from './comparison';
export { formatPairwise } from './pairwise';
export { audacityLabels, praatTextGrid, type TimedLabel, type TextGridTier } from './timings';
export { hypothesesAsTrn, hypothesesAsErrs } from './hypotheses';
export { exportRunModel, type ModelExport } from './model';
