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

/** Rows of the utterance table per page. */
export const REVIEW_PAGE = 100;

/**
 * Evaluations, one page of the filtered utterance table of one, and the selected utterance (optionally against a
 * second evaluation). Follows `run.changed`: a finished run's new evaluation appears, a deleted run's go away.
 */
export const useReviewStore = defineStore('review', () => {
  const evaluations = ref<Evaluation[]>([]);
  const evaluationId = ref('');
  const compareId = ref('');
  const filter = ref<ReviewFilter>({ sort: 'wer-desc' });
  const rows = ref<ReviewRow[]>([]);
  const total = ref(0);
  const offset = ref(0);
  const index = ref(-1);
  const detail = ref<UtteranceDetail | null>(null);
  const compare = ref<UtteranceDetail | null>(null);
  const compareError = ref<string | null>(null);
  const error = ref<string | null>(null);
  const detailError = ref<string | null>(null);
  let subscribed = false;

  async function loadEvaluations(): Promise<void> {
    try {
      evaluations.value = await api().invoke('evaluations.list', {});
      if (!evaluationId.value && evaluations.value.length) evaluationId.value = evaluations.value[0].id;
      error.value = null;
    } catch (caught) {
      error.value = describeError(caught);
    }
  }

  /** Load the page at `from` (default: the first) and select its row `selectIndex` (-1: the last). */
  async function loadRows(from = 0, selectIndex = 0): Promise<void> {
    if (!evaluationId.value) return;
    try {
      const page = await api().invoke('review.utterances', {
        evaluationId: evaluationId.value,
        ...filter.value,
        limit: REVIEW_PAGE,
        offset: from,
      });
      rows.value = page.items;
      total.value = page.total;
      offset.value = from;
      error.value = null;
      const last = page.items.length - 1;
      await select(last < 0 ? -1 : selectIndex < 0 ? last : Math.min(selectIndex, last));
    } catch (caught) {
      rows.value = [];
      detail.value = null;
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

  /** Select the next (+1) or previous (−1) utterance, turning the page at either end of it. */
  function move(step: number): Promise<void> {
    const next = index.value + step;
    if (next >= rows.value.length && offset.value + rows.value.length < total.value)
      return loadRows(offset.value + REVIEW_PAGE, 0);
    if (next < 0 && offset.value > 0) return loadRows(Math.max(0, offset.value - REVIEW_PAGE), -1);
    const clamped = Math.min(rows.value.length - 1, Math.max(0, next));
    return clamped === index.value ? Promise.resolve() : select(clamped);
  }

  function subscribe(): void {
    if (subscribed) return;
    subscribed = true;
    api().on('run.changed', (change) => {
      if (change.change === 'updated') {
        if (change.state === 'succeeded') void loadEvaluations();
        return;
      }
      const shown = evaluations.value.find((e) => e.id === evaluationId.value);
      evaluations.value = evaluations.value.filter((e) => e.runId !== change.runId);
      if (compareId.value && !evaluations.value.some((e) => e.id === compareId.value)) compareId.value = '';
      if (shown?.runId === change.runId) {
        rows.value = [];
        total.value = 0;
        detail.value = null;
        error.value =
          'The run of this evaluation was deleted (in another window or by the CLI); pick another evaluation.';
      }
    });
  }

  return {
    evaluations,
    evaluationId,
    compareId,
    filter,
    rows,
    total,
    offset,
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
    subscribe,
  };
});
