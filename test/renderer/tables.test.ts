// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import type { Api, ComparisonRow, ComparisonTable } from '../../src/shared/api';
import { useClient } from '../../src/renderer/client';
import ReviewFilters from '../../src/renderer/components/ReviewFilters.vue';
import ResultsView from '../../src/renderer/views/ResultsView.vue';
import { nextSort, sortRows } from '../../src/renderer/lib/table';

describe('table sorting', () => {
  const rows = [
    { id: 'a', wer: 0.3, name: 'LAP' },
    { id: 'b', wer: null, name: 'dense' },
    { id: 'c', wer: 0.1, name: 'Pathways' },
    { id: 'd', wer: Number.NaN, name: 'broken' },
    { id: 'e', wer: 0.2, name: 'LSP' },
  ];

  it('sorts numbers both ways and keeps missing values last either way', () => {
    expect(sortRows(rows, (r) => r.wer, 'asc').map((r) => r.id)).toEqual(['c', 'e', 'a', 'b', 'd']);
    expect(sortRows(rows, (r) => r.wer, 'desc').map((r) => r.id)).toEqual(['a', 'e', 'c', 'b', 'd']);
  });

  it('sorts strings by locale and does not modify its input', () => {
    const before = rows.map((r) => r.id);
    expect(sortRows(rows, (r) => r.name, 'asc').map((r) => r.name)).toEqual([
      'broken',
      'dense',
      'LAP',
      'LSP',
      'Pathways',
    ]);
    expect(rows.map((r) => r.id)).toEqual(before);
  });

  it('flips the direction on the same column and starts a new column descending', () => {
    expect(nextSort({ key: 'wer', direction: 'asc' }, 'wer')).toEqual({ key: 'wer', direction: 'desc' });
    expect(nextSort({ key: 'wer', direction: 'desc' }, 'wer')).toEqual({ key: 'wer', direction: 'asc' });
    expect(nextSort({ key: 'wer', direction: 'asc' }, 'cer')).toEqual({ key: 'cer', direction: 'desc' });
  });
});

describe('review filter bar', () => {
  it('emits only the filters that are set, with the WER threshold converted from percent', async () => {
    const wrapper = mount(ReviewFilters, {
      props: { languages: ['de', 'fr'], modelValue: { sort: 'wer-desc' } },
    });
    await wrapper.get('[data-testid="filter-language"]').setValue('fr');
    await wrapper.get('[data-testid="filter-speaker"]').setValue('  spk7 ');
    await wrapper.get('[data-testid="filter-min-wer"]').setValue('25');
    await wrapper.get('[data-testid="filter-error-type"]').setValue('deletion');
    await wrapper.get('[data-testid="filter-sort"]').setValue('wer-asc');
    const emitted = wrapper.emitted('update:modelValue') ?? [];
    expect(emitted.at(-1)).toEqual([
      { sort: 'wer-asc', language: 'fr', speaker: 'spk7', minWer: 0.25, errorType: 'deletion' },
    ]);
  });

  it('drops a cleared or negative threshold and marks the negative one invalid', async () => {
    const wrapper = mount(ReviewFilters, {
      props: { languages: [], modelValue: { sort: 'id', minWer: 0.5 } },
    });
    const input = wrapper.get('[data-testid="filter-min-wer"]');
    expect((input.element as HTMLInputElement).value).toBe('50');
    await input.setValue('-5');
    expect(input.attributes('aria-invalid')).toBe('true');
    expect(wrapper.emitted('update:modelValue')?.at(-1)).toEqual([{ sort: 'id' }]);
    await input.setValue('');
    expect(wrapper.emitted('update:modelValue')?.at(-1)).toEqual([{ sort: 'id' }]);
  });
});

describe('results table', () => {
  const row = (system: string, avgWer: number, de: number, sparsity: number): ComparisonRow => ({
    runId: system,
    system,
    seedCount: 2,
    toldLanguage: system !== 'dense',
    computeMatched: true,
    steps: 100,
    audioHoursSeen: 1,
    nonZeros: Math.round(1000 * (1 - sparsity)),
    sparsity,
    unionSparsity: null,
    perLanguage: { de: { wer: de, cer: de / 2, utterances: 10 } },
    avgWer,
    avgCer: avgWer / 2,
    werSpread: null,
    relWerVsDense: null,
    relWerVsLap: null,
  });
  const table: ComparisonTable = {
    languages: ['de'],
    rows: [row('dense', 0.2, 0.25, 0), row('lap', 0.3, 0.2, 0.7), row('pathways', 0.1, 0.15, 0.7)],
    overlap: null,
  };
  /** The table is the fixture here; the subject is the view's sorting. */
  const fixedApi: Api = {
    invoke: (async (channel: string) => {
      if (channel === 'results.compare') return table;
      throw new Error(`unexpected ${channel}`);
    }) as Api['invoke'],
    on: () => () => {},
  };

  it('sorts by average WER ascending first, then by whichever header is clicked', async () => {
    setActivePinia(createPinia());
    useClient(fixedApi);
    const wrapper = mount(ResultsView);
    await flushPromises();
    const systems = () => wrapper.findAll('tbody tr').map((tr) => tr.findAll('td')[0].text());
    expect(systems()).toEqual(['pathways', 'dense', 'lap']);
    const header = (label: string) =>
      wrapper.findAll('th button.sort').find((b) => b.text().startsWith(label))!;
    await header('WER de').trigger('click');
    expect(systems()).toEqual(['dense', 'lap', 'pathways']);
    expect(header('WER de').element.closest('th')?.getAttribute('aria-sort')).toBe('descending');
    await header('WER de').trigger('click');
    expect(systems()).toEqual(['pathways', 'lap', 'dense']);
    expect(wrapper.findAll('tbody tr')[0].text()).toContain('15.0%');
  });
});
