export { useAppStore, VIEWS, type ViewName } from './app';
export { useDatasetsStore } from './datasets';
export { useJobsStore } from './jobs';
export { useRunsStore } from './runs';
export { useResultsStore, type ExportFormat } from './results';
export { useMasksStore } from './masks';
export { useReviewStore, type ReviewFilter, type UtteranceDetail } from './review';
