import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { OverlapReport } from '../../shared/api';
import { api } from '../client';
import { describeError } from '../lib/errors';

/** The mask overlap report of one pathways run. */
export const useMasksStore = defineStore('masks', () => {
  const runId = ref('');
  const report = ref<OverlapReport | null>(null);
  const error = ref<string | null>(null);

  async function load(id: string): Promise<void> {
    runId.value = id;
    report.value = null;
    if (!id) return;
    try {
      report.value = await api().invoke('masks.overlap', { runId: id });
      error.value = null;
    } catch (caught) {
      error.value = describeError(caught, 'run');
    }
  }

  return { runId, report, error, load };
});
