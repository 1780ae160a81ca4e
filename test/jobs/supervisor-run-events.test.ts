import type { EventOf } from '../../src/shared/api';
import { dispatch } from '../../src/jobs/api/dispatch';
import { handlers } from '../../src/jobs/api/handlers';
import type { HandlerContext } from '../../src/jobs/api/context';
import { waitForJob } from '../../src/jobs/wait';
import { newRun, startHarness, TEST_BACKEND, until, type Harness } from './harness';

type RunChanged = EventOf<'run.changed'>;

describe("'run.changed' events", () => {
  let h: Harness | undefined;
  afterEach(async () => h?.cleanup());

  const contextOf = (harness: Harness): HandlerContext => ({
    store: harness.store,
    mode: 'test',
    version: 't',
    backend: TEST_BACKEND,
    jobs: harness.supervisor,
    emit: (event, payload) => harness.hub.emit(event, payload),
  });

  /** Every run.changed event, with the run's stored state at the moment it was emitted. */
  function record(harness: Harness): { event: RunChanged; stored: string | undefined }[] {
    const seen: { event: RunChanged; stored: string | undefined }[] = [];
    harness.hub.subscribe((name, payload) => {
      if (name !== 'run.changed') return;
      const event = payload as RunChanged;
      seen.push({ event, stored: harness.store.runs.get(event.runId)?.state });
    });
    return seen;
  }

  it('follow a run’s job from queued through running to succeeded, after the run record has changed', async () => {
    h = startHarness();
    const seen = record(h);
    const runId = newRun(h.store);
    const other = h.supervisor.enqueue({ kind: 'count', payload: { steps: 2, stepMs: 1 } });
    const job = h.supervisor.enqueue({ kind: 'count', runId, payload: { steps: 3, stepMs: 5 } });
    await waitForJob(h.hub, h.store, job.id);
    await waitForJob(h.hub, h.store, other.id);
    const states = seen.map((s) => s.event.state);
    expect(states[0]).toBe('queued');
    expect(states).toContain('running');
    expect(states.at(-1)).toBe('succeeded');
    expect(states.indexOf('running')).toBeLessThan(states.indexOf('succeeded'));
    for (const s of seen) {
      expect(s.event).toMatchObject({ runId, change: 'updated' });
      expect(s.stored).toBe(s.event.state);
    }
  });

  it('are emitted when a run’s notes change and when it is deleted in another window', async () => {
    h = startHarness();
    const seen = record(h);
    const runId = newRun(h.store);
    const ctx = contextOf(h);
    expect(await dispatch(handlers, ctx, 'runs.update', { runId, notes: 'kept' }, () => {})).toMatchObject({
      ok: true,
    });
    expect(await dispatch(handlers, ctx, 'runs.delete', { runId, confirm: true }, () => {})).toMatchObject({
      ok: true,
    });
    expect(seen.map((s) => s.event)).toEqual([
      { runId, change: 'updated', state: 'created' },
      { runId, change: 'deleted', state: null },
    ]);
  });

  it('runs.evaluate queues an eval job behind the run’s unfinished job and announces the run', async () => {
    h = startHarness();
    const harness = h;
    const runId = newRun(harness.store);
    const training = harness.supervisor.enqueue({
      kind: 'count',
      runId,
      payload: { steps: 10_000, stepMs: 10 },
    });
    await until('training running', () => harness.store.jobs.get(training.id)?.state === 'running');
    const seen = record(harness);
    const result = await dispatch(
      handlers,
      contextOf(harness),
      'runs.evaluate',
      { runId, maxUtterances: 3 },
      () => {},
    );
    if (!result.ok) throw new Error(result.error.message);
    const { jobId } = result.value as { jobId: string };
    expect(harness.store.jobs.get(jobId)).toMatchObject({
      kind: 'eval',
      runId,
      dependsOn: [training.id],
      state: 'queued',
    });
    expect(harness.store.jobs.payload(jobId)).toMatchObject({ split: 'test', maxUtterances: 3 });
    expect(seen.map((s) => s.event)).toEqual([{ runId, change: 'updated', state: 'queued' }]);
    const missing = await dispatch(
      handlers,
      contextOf(harness),
      'runs.evaluate',
      { runId: 'nope' },
      () => {},
    );
    expect(missing).toMatchObject({ ok: false, error: { code: 'not_found' } });
    harness.supervisor.cancel(training.id);
  });
});
