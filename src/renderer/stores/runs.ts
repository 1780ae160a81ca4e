import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { MetricSeries, Run } from '../../shared/api';
import { api } from '../client';
import { describeError } from '../lib/errors';

/** Runs and their metric series (several runs can be overlaid). */
export const useRunsStore = defineStore('runs', () => {
  const list = ref<Run[]>([]);
  const metrics = ref<Record<string, MetricSeries[]>>({});
  const metricErrors = ref<Record<string, string>>({});
  const error = ref<string | null>(null);

  async function refresh(): Promise<void> {
    try {
      list.value = await api().invoke('runs.list', {});
      error.value = null;
    } catch (caught) {
      error.value = describeError(caught);
    }
  }

  async function loadMetrics(runId: string): Promise<void> {
    try {
      metrics.value[runId] = await api().invoke('runs.metrics', { runId, maxPoints: 500 });
      delete metricErrors.value[runId];
    } catch (caught) {
      metricErrors.value[runId] = describeError(caught, 'run');
    }
  }

  return { list, metrics, metricErrors, error, refresh, loadMetrics };
});
