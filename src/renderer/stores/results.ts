import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { ComparisonTable, GroupProgress, JobState } from '../../shared/api';
import { api } from '../client';
import { describeError } from '../lib/errors';

export type ExportFormat = 'markdown' | 'csv' | 'json';
const MIME: Record<ExportFormat, string> = {
  markdown: 'text/markdown',
  csv: 'text/csv',
  json: 'application/json',
};
/** At most one progress reload of the shown group this often while its jobs report progress. */
const PROGRESS_EVERY_MS = 2000;
/** Jobs that run again only when resumed (blocked ones come back with the job they wait for). */
const RESUMABLE: JobState[] = ['paused', 'failed', 'cancelled'];

/**
 * The paper-style comparison table and its exports, of every evaluated run or of one reproduction group (with that
 * group's progress); reloaded when a run finishes (a new evaluation) or is deleted, the progress as jobs report it.
 */
export const useResultsStore = defineStore('results', () => {
  const table = ref<ComparisonTable | null>(null);
  const groupId = ref<string | null>(null);
  const progress = ref<GroupProgress | null>(null);
  const error = ref<string | null>(null);
  let subscribed = false;
  let lastProgress = 0;
  let pendingProgress: ReturnType<typeof setTimeout> | undefined;

  const filter = () => (groupId.value ? { groupId: groupId.value } : {});

  async function loadProgress(): Promise<void> {
    lastProgress = Date.now();
    const shown = groupId.value;
    const loaded = shown ? await api().invoke('runs.groupProgress', { groupId: shown }) : null;
    if (groupId.value === shown) progress.value = loaded;
  }

  async function load(): Promise<void> {
    try {
      const [compared] = await Promise.all([api().invoke('results.compare', filter()), loadProgress()]);
      table.value = compared;
      error.value = null;
    } catch (caught) {
      error.value = describeError(caught);
    }
  }

  /** Show one reproduction group (or every evaluated run with null). */
  async function showGroup(id: string | null): Promise<void> {
    groupId.value = id;
    progress.value = null;
    await load();
  }

  function progressSoon(): void {
    if (!groupId.value || pendingProgress) return;
    const wait = Math.max(0, lastProgress + PROGRESS_EVERY_MS - Date.now());
    pendingProgress = setTimeout(() => {
      pendingProgress = undefined;
      loadProgress().catch((caught) => (error.value = describeError(caught)));
    }, wait);
  }

  /** Resume the shown group's stopped jobs; the jobs blocked behind them are queued again with them. */
  async function resumeStopped(): Promise<void> {
    try {
      for (const job of progress.value?.jobs ?? []) {
        if (RESUMABLE.includes(job.state)) await api().invoke('jobs.resume', { jobId: job.jobId });
      }
      await loadProgress();
    } catch (caught) {
      error.value = describeError(caught, 'job');
    }
  }

  /** Fetch an export and hand it to the browser as a download. */
  async function download(format: ExportFormat): Promise<void> {
    try {
      const file = await api().invoke('results.export', { format, ...filter() });
      const url = URL.createObjectURL(new Blob([file.text], { type: MIME[format] }));
      const link = document.createElement('a');
      link.href = url;
      link.download = file.suggestedName;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (caught) {
      error.value = describeError(caught);
    }
  }

  function subscribe(): void {
    if (subscribed) return;
    subscribed = true;
    api().on('run.changed', (change) => {
      if (table.value && (change.change === 'deleted' || change.state === 'succeeded')) void load();
    });
    api().on('job.updated', progressSoon);
    api().on('job.progress', progressSoon);
  }

  return { table, groupId, progress, error, load, showGroup, resumeStopped, download, subscribe };
});
