import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { OverlapReport } from '../../shared/api';
import { api } from '../client';
import { describeError } from '../lib/errors';

/** The mask overlap report of one pathways run; says so in place when that run is deleted elsewhere. */
export const useMasksStore = defineStore('masks', () => {
  const runId = ref('');
  const report = ref<OverlapReport | null>(null);
  const error = ref<string | null>(null);
  let subscribed = false;

  async function load(id: string): Promise<void> {
    runId.value = id;
    report.value = null;
    error.value = null;
    if (!id) return;
    try {
      report.value = await api().invoke('masks.overlap', { runId: id });
    } catch (caught) {
      error.value = describeError(caught, 'run');
    }
  }

  function subscribe(): void {
    if (subscribed) return;
    subscribed = true;
    api().on('run.changed', (change) => {
      if (change.runId !== runId.value) return;
      if (change.change === 'deleted') {
        report.value = null;
        error.value = 'The run whose masks were shown was deleted (in another window or by the CLI).';
      } else if (change.state === 'succeeded' && !report.value) void load(change.runId);
    });
  }

  return { runId, report, error, load, subscribe };
});
