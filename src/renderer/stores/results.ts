import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { ComparisonTable } from '../../shared/api';
import { api } from '../client';
import { describeError } from '../lib/errors';

export type ExportFormat = 'markdown' | 'csv' | 'json';
const MIME: Record<ExportFormat, string> = {
  markdown: 'text/markdown',
  csv: 'text/csv',
  json: 'application/json',
};

/** The paper-style comparison table and its exports; reloaded when a run finishes (a new evaluation) or is deleted. */
export const useResultsStore = defineStore('results', () => {
  const table = ref<ComparisonTable | null>(null);
  const error = ref<string | null>(null);
  let subscribed = false;

  async function load(): Promise<void> {
    try {
      table.value = await api().invoke('results.compare', {});
      error.value = null;
    } catch (caught) {
      error.value = describeError(caught);
    }
  }

  /** Fetch an export and hand it to the browser as a download. */
  async function download(format: ExportFormat): Promise<void> {
    try {
      const file = await api().invoke('results.export', { format });
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
  }

  return { table, error, load, download, subscribe };
});
