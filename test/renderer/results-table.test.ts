// @vitest-environment happy-dom
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import type { Api, ComparisonRow, ComparisonTable } from '../../src/shared/api';
import { useClient } from '../../src/renderer/client';
import ResultsView from '../../src/renderer/views/ResultsView.vue';

/** A row with every comparison field, as compareRuns builds it today. */
const pathways: ComparisonRow = {
  runId: 'run-pathways',
  system: 'pathways',
  seedCount: 3,
  seeds: [1, 2, 3],
  toldLanguage: true,
  computeMatched: false,
  steps: 1200,
  audioHoursSeen: 0.5,
  stepsWithMaskRuns: 3600,
  audioHoursWithMaskRuns: 1.5,
  nonZeros: 300_000,
  sparsity: 0.7,
  unionSparsity: 0.4,
  perLanguage: { de: { wer: 0.12, cer: 0.05, utterances: 10 } },
  avgWer: 0.122,
  avgCer: 0.051,
  werSpread: 0.004,
  cerSpread: 0.0021,
  werRange: { min: 0.118, max: 0.126 },
  cerRange: { min: 0.049, max: 0.053 },
  relWerVsDense: -0.25,
  relWerVsLap: -0.1,
  relCerVsDense: -0.15,
  relCerVsLap: 0.05,
};

/** An older run's row: one seed and none of the optional fields. */
const olderDense: ComparisonRow = {
  runId: 'run-dense',
  system: 'dense',
  seedCount: 1,
  toldLanguage: false,
  computeMatched: true,
  steps: 500,
  audioHoursSeen: 0.25,
  nonZeros: 1_000_000,
  sparsity: 0,
  unionSparsity: null,
  perLanguage: { de: { wer: 0.2, cer: 0.08, utterances: 10 } },
  avgWer: 0.2,
  avgCer: 0.08,
  werSpread: null,
  relWerVsDense: 0,
  relWerVsLap: null,
};

const table: ComparisonTable = {
  languages: ['de'],
  rows: [olderDense, pathways],
  overlap: null,
  notes: ['Spread over seeds: sample sd.'],
};

async function mountResults(shown: ComparisonTable = table): Promise<VueWrapper> {
  setActivePinia(createPinia());
  const fixedApi: Api = {
    invoke: (async (channel: string) => {
      if (channel === 'results.compare') return shown;
      if (channel === 'runs.list') return [];
      throw new Error(`unexpected ${channel}`);
    }) as Api['invoke'],
    on: () => () => {},
  };
  useClient(fixedApi);
  const wrapper = mount(ResultsView);
  await flushPromises();
  return wrapper;
}

const rowOf = (wrapper: VueWrapper, system: string) =>
  wrapper.findAll('tbody tr').find((tr) => tr.find('td').text() === system)!;
const cell = (wrapper: VueWrapper, system: string, col: string) =>
  rowOf(wrapper, system).get(`td[data-col="${col}"]`);

describe('results table: told language, compute, spread and relative CER columns', () => {
  it('renders the new cells of a full row, with the seeds’ sd beside the averages and min–max on hover', async () => {
    const wrapper = await mountResults();
    expect(cell(wrapper, 'pathways', 'told').text()).toBe('yes');
    expect(cell(wrapper, 'pathways', 'compute').text()).toBe('—');
    const avgWer = cell(wrapper, 'pathways', 'avgWer');
    expect(avgWer.text()).toContain('12.2%');
    expect(avgWer.get('.detail').text()).toBe('± 0.4%');
    expect(avgWer.attributes('title')).toBe('min–max over seeds: 11.8%–12.6%');
    const avgCer = cell(wrapper, 'pathways', 'avgCer');
    expect(avgCer.text()).toContain('5.1%');
    expect(avgCer.get('.detail').text()).toBe('± 0.2%');
    expect(avgCer.attributes('title')).toBe('min–max over seeds: 4.9%–5.3%');
    expect(cell(wrapper, 'pathways', 'relCerDense').text()).toBe('-15.0%');
    expect(cell(wrapper, 'pathways', 'relCerLap').text()).toBe('+5.0%');
    const steps = cell(wrapper, 'pathways', 'steps');
    expect(steps.text()).toContain('1.2k');
    expect(steps.get('.detail').text()).toBe('(3.6k)');
    const audio = cell(wrapper, 'pathways', 'audio');
    expect(audio.text()).toContain('0.50');
    expect(audio.get('.detail').text()).toBe('(1.50)');
  });

  it('renders an older row without the optional fields: no spread, no mask totals, dashes for relative CER', async () => {
    const wrapper = await mountResults();
    expect(cell(wrapper, 'dense', 'told').text()).toBe('no');
    expect(cell(wrapper, 'dense', 'compute').text()).toBe('matched');
    expect(cell(wrapper, 'dense', 'avgWer').text()).toBe('20.0%');
    expect(cell(wrapper, 'dense', 'avgWer').find('.detail').exists()).toBe(false);
    expect(cell(wrapper, 'dense', 'avgWer').attributes('title')).toBeUndefined();
    expect(cell(wrapper, 'dense', 'avgCer').find('.detail').exists()).toBe(false);
    expect(cell(wrapper, 'dense', 'relCerDense').text()).toBe('—');
    expect(cell(wrapper, 'dense', 'relCerLap').text()).toBe('—');
    expect(cell(wrapper, 'dense', 'steps').text()).toBe('500');
    expect(cell(wrapper, 'dense', 'audio').text()).toBe('0.25');
  });

  it('sorts by steps including mask runs, by told language, and keeps rows without relative CER last', async () => {
    const wrapper = await mountResults();
    const systems = () => wrapper.findAll('tbody tr').map((tr) => tr.findAll('td')[0].text());
    const header = (label: string) =>
      wrapper.findAll('th button.sort').find((b) => b.text().startsWith(label))!;
    await header('Steps').trigger('click');
    expect(systems()).toEqual(['pathways', 'dense']);
    await header('Steps').trigger('click');
    expect(systems()).toEqual(['dense', 'pathways']);
    await header('Told lang.').trigger('click');
    expect(systems()).toEqual(['pathways', 'dense']);
    await header('ΔCER vs LAP').trigger('click');
    expect(systems()).toEqual(['pathways', 'dense']);
    await header('ΔCER vs LAP').trigger('click');
    expect(systems()).toEqual(['pathways', 'dense']);
  });

  it('shows the change against the compute-matched Dense and LAP rows in brackets under each relative change', async () => {
    const withMatched = {
      ...pathways,
      relWerVsDenseMatched: 0.08,
      relWerVsLapMatched: -0.02,
      relCerVsDenseMatched: 0.125,
      relCerVsLapMatched: null,
    };
    const wrapper = await mountResults({ ...table, rows: [olderDense, withMatched] });
    const detail = (col: string) => cell(wrapper, 'pathways', col).find('.detail');
    expect(detail('relDense').text()).toBe('(matched +8.0%)');
    expect(detail('relLap').text()).toBe('(matched -2.0%)');
    expect(detail('relCerDense').text()).toBe('(matched +12.5%)');
    expect(detail('relCerLap').exists()).toBe(false);
    expect(cell(wrapper, 'pathways', 'relDense').text()).toContain('-25.0%');
    expect(cell(wrapper, 'dense', 'relDense').find('.detail').exists()).toBe(false);
  });

  it('shows each row’s bootstrap interval against Dense and LAP, or why there is none', async () => {
    const change = (delta: number, low: number, high: number, pImprove: number) => ({
      delta,
      low,
      high,
      pImprove,
      significant: low > 0 || high < 0,
    });
    const average = { wer: change(-0.012, -0.02, -0.004, 0.995), cer: change(-0.003, -0.008, 0.001, 0.9) };
    const withIntervals: ComparisonRow = {
      ...pathways,
      deltaVsDense: {
        bootstrap: { resamples: 1000, level: 0.95, perLanguage: { de: average }, average },
        refused: null,
      },
      deltaVsLap: {
        bootstrap: null,
        refused: 'lap and pathways were scored on different test sets (de: 10 vs 9)',
      },
    };
    const wrapper = await mountResults({ ...table, rows: [olderDense, withIntervals] });
    const vsDense = cell(wrapper, 'pathways', 'ciDense');
    expect(vsDense.text()).toContain('Δ -1.2 [-2.0, -0.4]*');
    expect(vsDense.get('.detail').text()).toBe('CER -0.3 [-0.8, +0.1]');
    expect(vsDense.attributes('title')).toBe('better in 99.5% of resamples (CER 90.0%)');
    const vsLap = cell(wrapper, 'pathways', 'ciLap');
    expect(vsLap.text()).toBe('refused');
    expect(vsLap.attributes('title')).toContain('scored on different test sets');
    expect(cell(wrapper, 'dense', 'ciDense').text()).toBe('—');
    expect(wrapper.get('[data-testid="results-legend"]').text()).toContain('paired bootstrap interval');
  });

  it('explains told language and compute matching in a legend and shows the table’s notes', async () => {
    const wrapper = await mountResults();
    const legend = wrapper.get('[data-testid="results-legend"]').text();
    expect(legend).toContain(
      'utterance language at test time (lsp, lsp-adaptive, pathways, pathways-random, pathways-dynamic); dense-start, dense, lap, lap-one-shot, dense-small are not',
    );
    expect(legend).toContain('Compute matched');
    expect(wrapper.text()).toContain('Spread over seeds: sample sd.');
  });
});
