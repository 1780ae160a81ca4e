export { default as AlignmentDiff } from './AlignmentDiff.vue';
export { default as EmptyState } from './EmptyState.vue';
export { default as ErrorNote } from './ErrorNote.vue';
export { default as JobLog } from './JobLog.vue';
export { default as JobProgress } from './JobProgress.vue';
export { default as ReviewFilters } from './ReviewFilters.vue';
export { default as TablePager } from './TablePager.vue';
export { default as WaveformPanel } from './WaveformPanel.vue';
export * from './charts';
