// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { reproductionGroups } from '../../src/renderer/lib/groups';
import { useClient } from '../../src/renderer/client';
import ResultsView from '../../src/renderer/views/ResultsView.vue';
import type { Api, ComparisonTable, GroupJob, GroupProgress, Run } from '../../src/shared/api';

const run = (id: string, createdAt: string, tags: string[]): Run => ({
  id,
  name: id,
  kind: 'dense',
  state: 'succeeded',
  seed: 1,
  config: {},
  datasetIds: [],
  appVersion: 't',
  backend: null,
  tags,
  notes: '',
  createdAt,
});

const runs = [
  run('start', '2026-01-01T00:00:00Z', ['group:grp_old', 'group:grp_new', 'dense-start:grp_new']),
  run('a', '2026-01-02T00:00:00Z', ['group:grp_old']),
  run('b', '2026-03-01T00:00:00Z', ['group:grp_new', 'reproduce']),
  run('c', '2026-03-01T00:00:01Z', ['group:grp_new', 'reproduce']),
  run('loose', '2026-04-01T00:00:00Z', []),
];

describe('reproduction groups in Results', () => {
  it('lists each group once, newest first, dated by its own runs rather than a reused dense run', () => {
    expect(reproductionGroups(runs)).toEqual([
      { id: 'grp_new', runs: 3, startedAt: '2026-03-01T00:00:00Z' },
      { id: 'grp_old', runs: 2, startedAt: '2026-01-01T00:00:00Z' },
    ]);
  });

  it('compares one group, shows its progress and resumes only its stopped jobs', async () => {
    const job = (jobId: string, state: GroupJob['state'], extra: Partial<GroupJob> = {}): GroupJob => ({
      jobId,
      kind: 'prune',
      state,
      runId: 'b',
      runName: 'b',
      system: 'lsp',
      seed: 1,
      computeMatched: false,
      language: 'it',
      phase: null,
      stepsDone: 0,
      stepsPlanned: 300,
      error: null,
      ...extra,
    });
    const progress: GroupProgress = {
      groupId: 'grp_new',
      jobs: [
        job('j1', 'succeeded', { stepsDone: 300 }),
        job('j2', 'running', { stepsDone: 120, phase: 'prune' }),
        job('j3', 'failed', { error: 'out of memory' }),
        job('j4', 'blocked', { kind: 'eval', stepsPlanned: null }),
      ],
      states: { succeeded: 1, running: 1, failed: 1, blocked: 1 },
      steps: { done: 420, planned: 900 },
      evaluations: { done: 0, planned: 1 },
      secPerStep: 4,
      secPerEval: null,
      concurrency: 2,
      etaSec: 360,
      finished: false,
    };
    const compared: unknown[] = [];
    const resumed: unknown[] = [];
    const empty: ComparisonTable = { languages: [], rows: [], overlap: null, notes: [] };
    setActivePinia(createPinia());
    useClient({
      invoke: (async (channel: string, request: unknown) => {
        if (channel === 'runs.list') return runs;
        if (channel === 'results.compare') return (compared.push(request), empty);
        if (channel === 'runs.groupProgress') return progress;
        if (channel === 'jobs.resume') return (resumed.push(request), {});
        throw new Error(`unexpected ${channel}`);
      }) as Api['invoke'],
      on: () => () => {},
    } as Api);
    const wrapper = mount(ResultsView);
    await flushPromises();
    const options = wrapper.findAll('#results-group option').map((o) => o.attributes('value'));
    expect(options).toEqual(['', 'grp_new', 'grp_old']);
    expect(wrapper.find('[data-testid="group-progress"]').exists()).toBe(false);

    await wrapper.get('#results-group').setValue('grp_new');
    await flushPromises();
    expect(compared.at(-1)).toEqual({ groupId: 'grp_new' });
    const panel = wrapper.get('[data-testid="group-progress"]');
    expect(panel.text()).toContain('steps 420/900');
    expect(panel.get('[data-testid="group-eta"]').text()).toBe('at least 6m 00s left (2 jobs at a time)');
    expect(panel.text()).toContain('running: lsp · it · seed 1 · prune (120/300)');
    expect(panel.text()).toContain('2 stopped:');
    expect(wrapper.text()).toContain('No run of this reproduction has been evaluated yet');

    await panel.get('button').trigger('click');
    await flushPromises();
    // the blocked evaluation comes back with the failed job it waits for
    expect(resumed).toEqual([{ jobId: 'j3' }]);

    await wrapper.get('#results-group').setValue('');
    await flushPromises();
    expect(compared.at(-1)).toEqual({});
    expect(wrapper.find('[data-testid="group-progress"]').exists()).toBe(false);
  });
});
