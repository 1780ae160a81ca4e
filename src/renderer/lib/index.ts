export { diffColumns, diffCounts, type AlignmentOp, type DiffColumn, type DiffKind } from './diff';
export { iouMatrix, type IouMatrix } from './iou-matrix';
export { maskBars, MASK_SEGMENTS } from './mask-bars';
export { sortRows, nextSort, type SortDirection } from './table';
export { linearScale, niceTicks, niceDomain, extent, tickLabel, seriesColor } from './scale';
export {
  createRequests,
  plannedRuns,
  parentRunIds,
  missingChoices,
  issuesOfRun,
  methodOf,
  sparsityOf,
  issuesByField,
  defaultRunForm,
  METHODS,
  type RunForm,
  type Method,
  type PlannedRun,
  type Source,
} from './run-form';
export { describeError } from './errors';
export { audioBlob, audioBlobUrl } from './audio';
export * from './format';
export { pageInfo, type PageInfo } from './paging';
export { resultColumns, spreadText, rangeTitle, type ResultColumn } from './results-columns';
export { reproductionGroups, type ReproductionGroup } from './groups';
export { systemRows, toldLanguageSystems, type SystemRow } from './systems';
