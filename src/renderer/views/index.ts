export { default as DatasetsView } from './DatasetsView.vue';
export { default as PathwaysView } from './PathwaysView.vue';
export { default as RunsView } from './RunsView.vue';
export { default as ResultsView } from './ResultsView.vue';
export { default as MasksView } from './MasksView.vue';
export { default as ReviewView } from './ReviewView.vue';
export { default as SettingsView } from './SettingsView.vue';
