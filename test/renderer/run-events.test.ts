// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import type { Api, Evaluation, EventName, EventOf, Run } from '../../src/shared/api';
import { useClient } from '../../src/renderer/client';
import { useRunsStore } from '../../src/renderer/stores/runs';
import { useMasksStore } from '../../src/renderer/stores/masks';
import { useReviewStore } from '../../src/renderer/stores/review';
import { useJobsStore } from '../../src/renderer/stores/jobs';
import { useResultsStore } from '../../src/renderer/stores/results';

const run = (id: string, name: string, state = 'running'): Run => ({
  id,
  name,
  kind: 'pathways',
  state,
  seed: 1,
  config: {},
  datasetIds: [],
  appVersion: 't',
  backend: null,
  tags: [],
  notes: '',
  createdAt: '2026-01-01T00:00:00Z',
});

/**
 * A server stand-in that keeps runs and counts calls, and lets the test emit events: the subject is how the
 * renderer stores react to `run.changed` and `job.progress`, not the transport (tested in ws-client.test.ts).
 */
function eventfulApi(runs: Run[], evaluations: Evaluation[] = []) {
  const listeners = new Map<string, ((payload: unknown) => void)[]>();
  const calls: string[] = [];
  const api: Api = {
    invoke: (async (channel: string, request: { runId?: string }) => {
      calls.push(`${channel}${request.runId ? ` ${request.runId}` : ''}`);
      if (channel === 'runs.list') return runs;
      if (channel === 'runs.metrics') return [{ name: 'loss', points: [{ step: 1, value: 2 }] }];
      if (channel === 'masks.overlap') return { languages: ['de'], layers: [], history: [] };
      if (channel === 'evaluations.list') return evaluations;
      if (channel === 'jobs.list') return [];
      if (channel === 'results.compare') return { languages: [], rows: [], overlap: null };
      throw new Error(`unexpected ${channel}`);
    }) as Api['invoke'],
    on: ((event: string, listener: (payload: unknown) => void) => {
      listeners.set(event, [...(listeners.get(event) ?? []), listener]);
      return () => {};
    }) as Api['on'],
  };
  const emit = <E extends EventName>(event: E, payload: EventOf<E>) =>
    (listeners.get(event) ?? []).forEach((l) => l(payload));
  return { api, calls, emit };
}

describe('renderer stores follow run.changed', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('updates a run’s state in place, refreshes the list for a run it does not know, and reports a shown run deleted', async () => {
    const server = eventfulApi([run('r1', 'dense-tiny'), run('r2', 'other')]);
    useClient(server.api);
    const runs = useRunsStore();
    runs.subscribe();
    await runs.refresh();
    await runs.loadMetrics('r1');
    server.calls.length = 0;

    server.emit('run.changed', { runId: 'r2', change: 'updated', state: 'succeeded' });
    expect(runs.list.find((r) => r.id === 'r2')!.state).toBe('succeeded');
    server.emit('run.changed', { runId: 'r9', change: 'updated', state: 'queued' });
    await flushPromises();
    expect(server.calls).toEqual(['runs.list']);

    server.emit('run.changed', { runId: 'r1', change: 'deleted', state: null });
    expect(runs.list.map((r) => r.id)).toEqual(['r2']);
    expect(runs.metrics.r1).toBeUndefined();
    expect(runs.deleted.r1).toMatch(/Run “dense-tiny” was deleted/);
    server.emit('run.changed', { runId: 'r2', change: 'deleted', state: null });
    expect(runs.deleted.r2).toBeUndefined();
  });

  it('reloads a shown run’s curves on its job’s progress at most once a second', async () => {
    vi.useFakeTimers();
    try {
      const server = eventfulApi([run('r1', 'dense-tiny')]);
      useClient(server.api);
      const runs = useRunsStore();
      const jobs = useJobsStore();
      runs.subscribe();
      jobs.upsert({
        id: 'j1',
        kind: 'train',
        state: 'running',
        runId: 'r1',
        datasetId: null,
        dependsOn: [],
        attempts: 1,
        error: null,
        createdAt: '',
        startedAt: null,
        finishedAt: null,
        progress: null,
      });
      await runs.loadMetrics('r1');
      server.calls.length = 0;
      const progress = { phase: 'train', total: 10, loss: 1, lr: 0.1, throughput: 1, etaSec: 1 };
      for (let step = 1; step <= 5; step++) server.emit('job.progress', { ...progress, jobId: 'j1', step });
      server.emit('job.progress', { ...progress, jobId: 'unknown', step: 1 });
      expect(server.calls).toEqual([]);
      await vi.advanceTimersByTimeAsync(1000);
      expect(server.calls).toEqual(['runs.metrics r1']);
      runs.hide('r1');
      server.emit('job.progress', { ...progress, jobId: 'j1', step: 6 });
      await vi.advanceTimersByTimeAsync(2000);
      expect(server.calls).toEqual(['runs.metrics r1']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('says in place when the masks or the evaluation on screen belong to a run deleted elsewhere', async () => {
    const evaluation = (id: string, runId: string): Evaluation => ({
      id,
      runId,
      datasetId: null,
      split: 'test',
      createdAt: '2026-01-01T00:00:00Z',
      perLanguage: {},
    });
    const server = eventfulApi(
      [run('p1', 'pathways-tiny')],
      [evaluation('e1', 'p1'), evaluation('e2', 'd1')],
    );
    useClient(server.api);
    const masks = useMasksStore();
    const review = useReviewStore();
    masks.subscribe();
    review.subscribe();
    await masks.load('p1');
    await review.loadEvaluations();
    review.compareId = 'e2';
    expect(review.evaluationId).toBe('e1');

    server.emit('run.changed', { runId: 'd1', change: 'deleted', state: null });
    expect(review.compareId).toBe('');
    expect(review.error).toBeNull();
    server.emit('run.changed', { runId: 'p1', change: 'deleted', state: null });
    expect(masks.report).toBeNull();
    expect(masks.error).toMatch(/was deleted/);
    expect(review.evaluations).toEqual([]);
    expect(review.error).toMatch(/run of this evaluation was deleted/);
  });

  it('reloads a shown comparison table when a run finishes or is deleted, not on every state change', async () => {
    const server = eventfulApi([]);
    useClient(server.api);
    const results = useResultsStore();
    results.subscribe();
    server.emit('run.changed', { runId: 'r1', change: 'updated', state: 'succeeded' });
    expect(server.calls).toEqual([]);
    await results.load();
    server.emit('run.changed', { runId: 'r1', change: 'updated', state: 'running' });
    server.emit('run.changed', { runId: 'r1', change: 'updated', state: 'succeeded' });
    server.emit('run.changed', { runId: 'r1', change: 'deleted', state: null });
    await flushPromises();
    expect(server.calls).toEqual(['results.compare', 'results.compare', 'results.compare']);
  });
});
