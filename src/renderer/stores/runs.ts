import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { EventOf, MetricSeries, Run } from '../../shared/api';
import { api } from '../client';
import { describeError } from '../lib/errors';
import { useJobsStore } from './jobs';

/** At most one metrics reload per run this often while its job reports progress. */
const LIVE_METRICS_MS = 1000;

/**
 * Runs and their metric series (several runs can be overlaid). Kept live by events: `run.changed` refreshes the
 * list (and the curves of a shown run), `job.progress` of a shown run's job reloads its curves, throttled.
 */
export const useRunsStore = defineStore('runs', () => {
  const list = ref<Run[]>([]);
  const metrics = ref<Record<string, MetricSeries[]>>({});
  const metricErrors = ref<Record<string, string>>({});
  const error = ref<string | null>(null);
  /** Runs deleted while this window showed them (in another window or by the CLI). */
  const deleted = ref<Record<string, string>>({});
  /** Runs whose curves a view shows (loadMetrics until hide). */
  const shown = new Set<string>();
  const lastLoad = new Map<string, number>();
  const pendingLoad = new Map<string, ReturnType<typeof setTimeout>>();
  let subscribed = false;

  async function refresh(): Promise<void> {
    try {
      list.value = await api().invoke('runs.list', {});
      error.value = null;
    } catch (caught) {
      error.value = describeError(caught);
    }
  }

  /** Show a run's curves: load its metrics now (and again as its job reports progress, until hide). */
  async function loadMetrics(runId: string): Promise<void> {
    shown.add(runId);
    lastLoad.set(runId, Date.now());
    try {
      const series = await api().invoke('runs.metrics', { runId, maxPoints: 500 });
      if (!shown.has(runId)) return;
      metrics.value[runId] = series;
      delete metricErrors.value[runId];
    } catch (caught) {
      if (shown.has(runId)) metricErrors.value[runId] = describeError(caught, 'run');
    }
  }

  /** Reload a shown run's curves now, or as soon as the throttle allows. */
  function reloadShown(runId: string): void {
    if (!shown.has(runId) || pendingLoad.has(runId)) return;
    const wait = (lastLoad.get(runId) ?? 0) + LIVE_METRICS_MS - Date.now();
    pendingLoad.set(
      runId,
      setTimeout(
        () => {
          pendingLoad.delete(runId);
          if (shown.has(runId)) void loadMetrics(runId);
        },
        Math.max(0, wait),
      ),
    );
  }

  function onRunChanged(change: EventOf<'run.changed'>): void {
    if (change.change === 'deleted') {
      const name = list.value.find((r) => r.id === change.runId)?.name ?? change.runId;
      list.value = list.value.filter((r) => r.id !== change.runId);
      if (shown.has(change.runId)) {
        hide(change.runId);
        deleted.value[change.runId] = `Run “${name}” was deleted (in another window or by the CLI).`;
      }
      return;
    }
    const known = list.value.find((r) => r.id === change.runId);
    if (known && change.state) known.state = change.state;
    else void refresh();
    reloadShown(change.runId);
  }

  function subscribe(): void {
    if (subscribed) return;
    subscribed = true;
    const jobs = useJobsStore();
    api().on('run.changed', onRunChanged);
    api().on('job.progress', (progress) => {
      const runId = jobs.byId.get(progress.jobId)?.runId;
      if (runId) reloadShown(runId);
    });
  }

  /** Stop showing a run's curves. */
  function hide(runId: string): void {
    shown.delete(runId);
    delete metrics.value[runId];
    delete metricErrors.value[runId];
  }

  async function evaluate(runId: string): Promise<string> {
    return (await api().invoke('runs.evaluate', { runId })).jobId;
  }

  return {
    list,
    metrics,
    metricErrors,
    error,
    deleted,
    refresh,
    loadMetrics,
    subscribe,
    hide,
    evaluate,
    onRunChanged,
  };
});
