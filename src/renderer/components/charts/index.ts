export { default as LineChart } from './LineChart.vue';
export type { LineSeries } from './LineChart.vue';
export { default as BarChart } from './BarChart.vue';
export { default as StackedBars } from './StackedBars.vue';
export { default as HeatMap } from './HeatMap.vue';
