import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { Evaluation, RequestOf, ResponseOf, ReviewRow } from '../../shared/api';
import { api } from '../client';
import { describeError } from '../lib/errors';

export type ReviewFilter = Pick<
  RequestOf<'review.utterances'>,
  'language' | 'speaker' | 'minWer' | 'errorType' | 'sort'
>;
export type UtteranceDetail = ResponseOf<'review.utterance'>;

/** Evaluations, the filtered utterance table of one, and the selected utterance (optionally against a second evaluation). */
export const useReviewStore = defineStore('review', () => {
  const evaluations = ref<Evaluation[]>([]);
  const evaluationId = ref('');
  const compareId = ref('');
  const filter = ref<ReviewFilter>({ sort: 'wer-desc' });
  const rows = ref<ReviewRow[]>([]);
  const total = ref(0);
  const index = ref(-1);
  const detail = ref<UtteranceDetail | null>(null);
  const compare = ref<UtteranceDetail | null>(null);
  const compareError = ref<string | null>(null);
  const error = ref<string | null>(null);
  const detailError = ref<string | null>(null);

  async function loadEvaluations(): Promise<void> {
    try {
      evaluations.value = await api().invoke('evaluations.list', {});
      if (!evaluationId.value && evaluations.value.length) evaluationId.value = evaluations.value[0].id;
      error.value = null;
    } catch (caught) {
      error.value = describeError(caught);
    }
  }

  async function loadRows(): Promise<void> {
    if (!evaluationId.value) return;
    try {
      const page = await api().invoke('review.utterances', {
        evaluationId: evaluationId.value,
        ...filter.value,
        limit: 500,
      });
      rows.value = page.items;
      total.value = page.total;
      error.value = null;
      await select(page.items.length ? 0 : -1);
    } catch (caught) {
      rows.value = [];
      error.value = describeError(caught, 'evaluation');
    }
  }

  async function loadCompare(): Promise<void> {
    compare.value = null;
    compareError.value = null;
    const row = rows.value[index.value];
    if (!compareId.value || !row) return;
    try {
      compare.value = await api().invoke('review.utterance', {
        evaluationId: compareId.value,
        utteranceId: row.utteranceId,
      });
    } catch (caught) {
      compareError.value = describeError(caught, 'utterance in the other evaluation');
    }
  }

  async function select(next: number): Promise<void> {
    index.value = next;
    detail.value = null;
    detailError.value = null;
    const row = rows.value[next];
    if (!row) return;
    try {
      const [loaded] = await Promise.all([
        api().invoke('review.utterance', { evaluationId: evaluationId.value, utteranceId: row.utteranceId }),
        loadCompare(),
      ]);
      if (index.value === next) detail.value = loaded;
    } catch (caught) {
      detailError.value = describeError(caught, 'utterance');
    }
  }

  function move(step: number): Promise<void> {
    const next = Math.min(rows.value.length - 1, Math.max(0, index.value + step));
    return next === index.value ? Promise.resolve() : select(next);
  }

  return {
    evaluations,
    evaluationId,
    compareId,
    filter,
    rows,
    total,
    index,
    detail,
    compare,
    compareError,
    error,
    detailError,
    loadEvaluations,
    loadRows,
    loadCompare,
    select,
    move,
  };
});
