import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { DatasetDetail, DatasetSummary, Problem, ResponseOf, Utterance } from '../../shared/api';
import type { ProblemKindSchema } from '../../shared/api';
import type { z } from 'zod';
import { api } from '../client';
import { describeError } from '../lib/errors';

type ProblemKind = z.infer<typeof ProblemKindSchema>;

/** Rows per page of the problems and utterances tables. */
export const DATASET_PAGE = 100;

/** Imported datasets, the selected one's statistics, problems and utterances. */
export const useDatasetsStore = defineStore('datasets', () => {
  const list = ref<DatasetSummary[]>([]);
  const selected = ref<DatasetDetail | null>(null);
  const problems = ref<{ total: number; offset: number; items: Problem[] }>({
    total: 0,
    offset: 0,
    items: [],
  });
  const problemKind = ref<ProblemKind | ''>('');
  const utterances = ref<{ total: number; offset: number; items: Utterance[] }>({
    total: 0,
    offset: 0,
    items: [],
  });
  const utteranceLanguage = ref('');
  const error = ref<string | null>(null);
  const selectedError = ref<string | null>(null);
  let subscribed = false;

  async function refresh(): Promise<void> {
    try {
      list.value = await api().invoke('datasets.list', {});
      error.value = null;
    } catch (caught) {
      error.value = describeError(caught);
    }
  }

  /** Load the page of problems starting at `offset` (default: the first). */
  async function loadProblems(offset = 0): Promise<void> {
    if (!selected.value) return;
    const kind = problemKind.value || undefined;
    const page = await api().invoke('datasets.problems', {
      datasetId: selected.value.id,
      kind,
      limit: DATASET_PAGE,
      offset,
    });
    problems.value = { ...page, offset };
  }

  /** Load the page of utterances starting at `offset` (default: the first). */
  async function loadUtterances(offset = 0): Promise<void> {
    if (!selected.value) return;
    const language = utteranceLanguage.value || undefined;
    const page = await api().invoke('datasets.utterances', {
      datasetId: selected.value.id,
      language,
      limit: DATASET_PAGE,
      offset,
    });
    utterances.value = { ...page, offset };
  }

  async function select(datasetId: string): Promise<void> {
    try {
      selected.value = await api().invoke('datasets.get', { datasetId });
      selectedError.value = null;
      await Promise.all([loadProblems(), loadUtterances()]);
    } catch (caught) {
      selectedError.value = describeError(caught, 'dataset');
    }
  }

  /** Queue an import; `language` is the one to give utterances of a corpus that names none. */
  async function importPath(path: string, language?: string): Promise<string> {
    return (await api().invoke('datasets.import', { path, ...(language ? { language } : {}) })).jobId;
  }

  /** The layout of a path and whether its utterances carry a language (else the import needs one). */
  function detect(path: string): Promise<ResponseOf<'datasets.detect'>> {
    return api().invoke('datasets.detect', { path });
  }

  async function buildDemo(): Promise<string> {
    return (await api().invoke('datasets.buildDemo', { seed: 1 })).jobId;
  }

  async function remove(datasetId: string): Promise<void> {
    await api().invoke('datasets.delete', { datasetId });
    if (selected.value?.id === datasetId) selected.value = null;
    await refresh();
  }

  function subscribe(): void {
    if (subscribed) return;
    subscribed = true;
    api().on('dataset.changed', (change) => {
      void refresh();
      if (selected.value?.id !== change.datasetId) return;
      if (change.change === 'deleted')
        selectedError.value = 'This dataset was deleted (in another window or by the CLI).';
      else void select(change.datasetId);
    });
  }

  return {
    list,
    selected,
    problems,
    problemKind,
    utterances,
    utteranceLanguage,
    error,
    selectedError,
    refresh,
    select,
    loadProblems,
    loadUtterances,
    importPath,
    detect,
    buildDemo,
    remove,
    subscribe,
  };
});
