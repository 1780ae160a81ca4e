import { plannedStepsOf } from '../../../src/jobs/kinds';
import { groupProgress, groupTag } from '../../../src/jobs/results';
import type { JobProgress } from '../../../src/shared/api';
import type { Store } from '../../../src/store';
import { storePerSuite } from '../../helpers/temp-store';
import { forceJobState } from '../../helpers/job-state';

const TEST_ENV = { PATHWAYS_TEST_KINDS: '1' };
const planned = (kind: string, payload: Record<string, unknown>) => plannedStepsOf(kind, payload, TEST_ENV);

describe('groupProgress', () => {
  const suite = storePerSuite('pathways-group-');
  let store: Store;
  beforeAll(() => (store = suite.store));

  const run = (name: string, tags: string[], config: Record<string, unknown> = {}) => {
    const id = store.runs.create({
      name,
      kind: 'dense',
      seed: 3,
      config,
      datasetIds: [],
      appVersion: 't',
    }).id;
    store.runs.update(id, { tags });
    return id;
  };
  const job = (
    kind: string,
    runId: string,
    payload: Record<string, unknown> = {},
    dependsOn: string[] = [],
  ) => store.jobs.create({ kind, runId, payload, dependsOn }).id;
  const progress = (jobId: string, p: Omit<JobProgress, 'jobId' | 'loss' | 'lr' | 'throughput'>) =>
    store.jobs.setProgress(jobId, { jobId, loss: null, lr: null, throughput: null, ...p });
  const timed = (jobId: string, startedAt: string, finishedAt: string) =>
    store.db
      .prepare('UPDATE jobs SET started_at = ?, finished_at = ? WHERE id = ?')
      .run(startedAt, finishedAt, jobId);

  it('counts steps and evaluations of the latest job per run and kind, and estimates the time left', () => {
    const g = 'grp_a';
    const start = run('start', [groupTag(g), `dense-start:${g}`]);
    const lsp = run('lsp en', [groupTag(g)], { system: 'lsp', language: 'en' });
    const lap = run('lap', [groupTag(g)], { system: 'lap', computeMatched: true });
    const other = run('elsewhere', [groupTag('grp_b')]);

    const trained = job('count', start, { steps: 30 });
    forceJobState(store, trained, 'succeeded');
    timed(trained, '2026-01-01T00:00:00.000Z', '2026-01-01T00:01:00.000Z');
    const oldEval = job('eval', start);
    forceJobState(store, oldEval, 'cancelled');
    const evaluated = job('eval', start);
    forceJobState(store, evaluated, 'succeeded');
    timed(evaluated, '2026-01-01T00:02:00.000Z', '2026-01-01T00:03:30.000Z');

    const pruning = job('count', lsp, { steps: 40 }, [trained]);
    forceJobState(store, pruning, 'running');
    progress(pruning, { phase: 'count', step: 10, total: 40, etaSec: 75 });
    job('eval', lsp, {}, [pruning]);

    const loading = job('count', lap, { steps: 20 }, [trained]);
    forceJobState(store, loading, 'running');
    progress(loading, { phase: 'features', step: 7, total: 500, etaSec: 3 });
    const failedEval = job('eval', lap, {}, [loading]);
    forceJobState(store, failedEval, 'failed', { error: 'boom' });
    job('count', other, { steps: 1000 });

    const p = groupProgress(store, g, planned, 2)!;
    expect(p.jobs.map((j) => j.jobId)).not.toContain(oldEval);
    expect(p.jobs).toHaveLength(6);
    expect(p.states).toEqual({ succeeded: 2, running: 2, queued: 1, failed: 1 });
    // 30 done + 10 of 40 + 0 of 20 (still loading features: its step counts utterances)
    expect(p.steps).toEqual({ done: 40, planned: 90 });
    expect(p.evaluations).toEqual({ done: 1, planned: 3 });
    // the running job's own estimate: 75 s for 30 steps left; the loading one's is about features, not steps
    expect(p.secPerStep).toBeCloseTo(2.5, 12);
    expect(p.secPerEval).toBe(90);
    // (30 + 20 steps left) × 2.5 s + 1 pending evaluation × 90 s (the failed one waits for a resume), 2 at a time
    expect(p.etaSec).toBeCloseTo((50 * 2.5 + 90) / 2, 9);
    expect(p.finished).toBe(false);
    const lspJob = p.jobs.find((j) => j.jobId === pruning)!;
    expect(lspJob).toMatchObject({ system: 'lsp', language: 'en', seed: 3, stepsDone: 10, stepsPlanned: 40 });
    expect(p.jobs.find((j) => j.jobId === trained)!.system).toBe('dense-start');
    expect(p.jobs.find((j) => j.jobId === loading)!).toMatchObject({
      computeMatched: true,
      phase: 'features',
    });
    expect(p.jobs.find((j) => j.jobId === failedEval)!).toMatchObject({ error: 'boom', stepsPlanned: null });
  });

  it('falls back on finished jobs for the step time, and has no ETA before anything was measured', () => {
    const g = 'grp_c';
    const a = run('a', [groupTag(g)]);
    const b = run('b', [groupTag(g)]);
    const first = job('count', a, { steps: 50 });
    job('eval', a, {}, [first]);
    job('count', b, { steps: 10 }, [first]);
    expect(groupProgress(store, g, planned, 1)!.etaSec).toBeNull();

    forceJobState(store, first, 'succeeded');
    timed(first, '2026-01-01T00:00:00.000Z', '2026-01-01T00:02:30.000Z');
    const p = groupProgress(store, g, planned, 1)!;
    expect(p.secPerStep).toBe(3);
    // the evaluation left has no measured duration yet
    expect(p.etaSec).toBeNull();
  });

  it('is finished when every latest job succeeded, and undefined for a group without runs', () => {
    const g = 'grp_d';
    const a = run('a', [groupTag(g)]);
    const retried = job('count', a, { steps: 5 });
    forceJobState(store, retried, 'failed');
    const again = job('count', a, { steps: 5 });
    forceJobState(store, again, 'succeeded');
    const p = groupProgress(store, g, planned, 2)!;
    expect(p).toMatchObject({ finished: true, etaSec: 0, steps: { done: 5, planned: 5 } });
    expect(groupProgress(store, 'grp_none', planned, 2)).toBeUndefined();
  });
});
