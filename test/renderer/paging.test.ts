// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import type { Api, ReviewRow } from '../../src/shared/api';
import { useClient } from '../../src/renderer/client';
import { pageInfo } from '../../src/renderer/lib/paging';
import TablePager from '../../src/renderer/components/TablePager.vue';
import { REVIEW_PAGE, useReviewStore } from '../../src/renderer/stores/review';

describe('page arithmetic', () => {
  it('numbers rows from 1 and points at the neighbouring pages', () => {
    expect(pageInfo(2345, 0, 100)).toEqual({
      from: 1,
      to: 100,
      total: 2345,
      previous: null,
      next: 100,
      page: 1,
      pages: 24,
    });
    expect(pageInfo(2345, 2300, 100)).toMatchObject({ from: 2301, to: 2345, previous: 2200, next: null });
    expect(pageInfo(200, 100, 100)).toMatchObject({ from: 101, to: 200, next: null, page: 2, pages: 2 });
  });

  it('shows the last page for an offset past the end, an empty table as one page, and rejects a zero page size', () => {
    expect(pageInfo(150, 900, 100)).toMatchObject({ from: 101, to: 150, page: 2 });
    expect(pageInfo(0, 0, 100)).toMatchObject({ from: 0, to: 0, previous: null, next: null, pages: 1 });
    expect(pageInfo(10, 3, 5)).toMatchObject({ from: 1, to: 5, next: 5 });
    expect(() => pageInfo(10, 0, 0)).toThrow(/page size/);
  });
});

describe('table pager', () => {
  it('emits the offset of the page it moves to and disables the end it is at', async () => {
    const wrapper = mount(TablePager, {
      props: { total: 250, offset: 100, limit: 100, label: 'utterances' },
    });
    expect(wrapper.text()).toContain('101–200 of 250');
    await wrapper.get('[aria-label="Next page of utterances"]').trigger('click');
    await wrapper.get('[aria-label="Previous page of utterances"]').trigger('click');
    expect(wrapper.emitted('page')).toEqual([[200], [0]]);
    await wrapper.setProps({ offset: 200 });
    expect(wrapper.get('[aria-label="Next page of utterances"]').attributes('disabled')).toBeDefined();
  });

  it('is not there when everything fits on one page', () => {
    const wrapper = mount(TablePager, { props: { total: 100, offset: 0, limit: 100, label: 'rows' } });
    expect(wrapper.find('nav').exists()).toBe(false);
  });
});

describe('review table paging', () => {
  const TOTAL = 250;
  const all: ReviewRow[] = Array.from({ length: TOTAL }, (_, i) => ({
    utteranceId: `ds/u${i}`,
    language: 'de',
    speaker: 's',
    reference: 'a b',
    hypothesis: 'a',
    wer: 0.5,
    cer: 0.25,
    substitutions: 0,
    insertions: 0,
    deletions: 1,
  }));
  /** An evaluation of 250 utterances served page by page; the subject is the store's paging. */
  const requests: { limit: number; offset: number }[] = [];
  const pagedApi: Api = {
    invoke: (async (channel: string, request: { limit: number; offset: number; utteranceId: string }) => {
      if (channel === 'review.utterances') {
        requests.push({ limit: request.limit, offset: request.offset });
        return { total: TOTAL, items: all.slice(request.offset, request.offset + request.limit) };
      }
      if (channel === 'review.utterance') return { ...all[0], utteranceId: request.utteranceId };
      throw new Error(`unexpected ${channel}`);
    }) as Api['invoke'],
    on: () => () => {},
  };

  it('asks for one page at a time, and j/k past either end of a page turn to the next or previous page', async () => {
    setActivePinia(createPinia());
    useClient(pagedApi);
    const review = useReviewStore();
    review.evaluationId = 'ev';
    await review.loadRows();
    expect(requests).toEqual([{ limit: REVIEW_PAGE, offset: 0 }]);
    expect(review.rows.length).toBe(REVIEW_PAGE);
    review.index = REVIEW_PAGE - 1;
    await review.move(1);
    expect(review.offset).toBe(REVIEW_PAGE);
    expect(review.rows[review.index].utteranceId).toBe(`ds/u${REVIEW_PAGE}`);
    await review.move(-1);
    await flushPromises();
    expect(review.offset).toBe(0);
    expect(review.detail?.utteranceId).toBe(`ds/u${REVIEW_PAGE - 1}`);
    await review.loadRows(200);
    review.index = review.rows.length - 1;
    await review.move(1);
    expect(review.rows[review.index].utteranceId).toBe(`ds/u${TOTAL - 1}`);
    expect(requests.map((r) => r.offset)).toEqual([0, 100, 0, 200]);
  });
});
