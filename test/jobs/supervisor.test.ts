import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { waitForJob } from '../../src/jobs/wait';
import { newRun, startHarness, until, type Harness } from './harness';

describe('job supervisor', () => {
  let h: Harness;
  afterEach(async () => h?.cleanup());

  it('runs a job in a worker process to completion and records its metrics', async () => {
    h = startHarness();
    const runId = newRun(h.store);
    const progress: number[] = [];
    h.hub.subscribe((event, payload) => {
      if (event === 'job.progress') progress.push((payload as { step: number }).step);
    });
    const job = h.supervisor.enqueue({
      kind: 'count',
      runId,
      payload: { steps: 12, stepMs: 5, checkpointEvery: 4 },
    });
    const done = await waitForJob(h.hub, h.store, job.id);
    expect(done.state).toBe('succeeded');
    expect(done.attempts).toBe(1);
    const [sum] = h.store.runs.metrics(runId, ['sum'], 1000);
    expect(sum.points.map((p) => p.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(sum.points.map((p) => p.value)).toEqual(sum.points.map((p) => (p.step * (p.step + 1)) / 2));
    expect(progress.length).toBeGreaterThan(0);
    expect(h.store.runs.get(runId)!.state).toBe('succeeded');
    const [artifact] = h.store.runs.artifacts(runId);
    const file = readFileSync(artifact.path);
    expect(artifact).toMatchObject({
      kind: 'checkpoint',
      bytes: file.length,
      sha256: createHash('sha256').update(file).digest('hex'),
    });
    expect(JSON.parse(file.toString('utf8'))).toEqual({ step: 12, state: { sum: 78 } });
  });

  it('rejects an unknown kind and a payload that fails its schema, naming the field', () => {
    h = startHarness();
    expect(() => h.supervisor.enqueue({ kind: 'nope', payload: {} })).toThrow(/unknown job kind 'nope'/);
    try {
      h.supervisor.enqueue({ kind: 'count', payload: { steps: -1 } });
      expect.unreachable();
    } catch (error) {
      expect((error as { issues: { path: string }[] }).issues[0].path).toBe('steps');
    }
  });

  it('throttles progress events to at most 10 per second per job', async () => {
    h = startHarness();
    const times: number[] = [];
    h.hub.subscribe((event) => {
      if (event === 'job.progress') times.push(Date.now());
    });
    const job = h.supervisor.enqueue({
      kind: 'count',
      payload: { steps: 300, stepMs: 1, checkpointEvery: 100 },
    });
    await waitForJob(h.hub, h.store, job.id);
    for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(95);
  });

  it('cancels a running job within 2 seconds', async () => {
    h = startHarness();
    const job = h.supervisor.enqueue({ kind: 'count', payload: { steps: 10_000, stepMs: 10 } });
    await until('job running with progress', () => h.store.jobs.get(job.id)?.progress);
    const pid = (
      h.store.db.prepare('SELECT worker_pid FROM jobs WHERE id = ?').get(job.id) as { worker_pid: number }
    ).worker_pid;
    const t0 = Date.now();
    expect(h.supervisor.cancel(job.id).state).toBe('cancelled');
    await until('worker gone', () => {
      try {
        process.kill(pid, 0);
        return false;
      } catch {
        return true;
      }
    });
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(h.store.jobs.get(job.id)!.state).toBe('cancelled');
  });

  it('blocks a job whose dependency failed, with the reason, and never runs it', async () => {
    h = startHarness();
    const runId = newRun(h.store);
    const first = h.supervisor.enqueue({ kind: 'count', payload: { steps: 5, stepMs: 1, failAtStep: 3 } });
    const second = h.supervisor.enqueue({
      kind: 'count',
      runId,
      payload: { steps: 3 },
      dependsOn: [first.id],
    });
    expect((await waitForJob(h.hub, h.store, first.id)).error).toMatch(/failing at step 3/);
    const blocked = await waitForJob(h.hub, h.store, second.id);
    expect(blocked.state).toBe('blocked');
    expect(blocked.error).toBe(`dependency ${first.id} failed`);
    expect(blocked.attempts).toBe(0);
    expect(h.store.runs.metrics(runId, undefined, 100)).toEqual([]);
  });

  it('pauses a running job at its next checkpoint and resumes it from there', async () => {
    h = startHarness();
    const runId = newRun(h.store);
    const job = h.supervisor.enqueue({
      kind: 'count',
      runId,
      payload: { steps: 40, stepMs: 20, checkpointEvery: 10 },
    });
    await until('some progress', () => h.store.jobs.get(job.id)?.progress);
    h.supervisor.pause(job.id);
    const paused = await waitForJob(h.hub, h.store, job.id);
    expect(paused.state).toBe('paused');
    const stepAtPause = paused.progress!.step;
    expect(stepAtPause % 10).toBe(0);
    h.supervisor.resume(job.id);
    await until('resumed', () => h.store.jobs.get(job.id)!.state !== 'paused');
    const done = await waitForJob(h.hub, h.store, job.id);
    expect(done.state).toBe('succeeded');
    expect(done.attempts).toBe(2);
    const logs = h.store.jobs.logs(job.id, 100).map((l) => l.line);
    expect(logs).toContain(`resuming from step ${stepAtPause}`);
    const [sum] = h.store.runs.metrics(runId, ['sum'], 1000);
    expect(sum.points.length).toBe(40);
    expect(sum.points.every((p) => p.value === (p.step * (p.step + 1)) / 2)).toBe(true);
  });

  it("with scope 'own' runs only the jobs it queued, leaving other queued work to the app", async () => {
    h = startHarness({ scope: 'own' });
    const foreign = h.store.jobs.create({
      kind: 'count',
      payload: { steps: 2, stepMs: 1, checkpointEvery: 1 },
    });
    const mine = h.supervisor.enqueue({
      kind: 'count',
      payload: { steps: 2, stepMs: 1, checkpointEvery: 1 },
    });
    expect((await waitForJob(h.hub, h.store, mine.id)).state).toBe('succeeded');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(h.store.jobs.get(foreign.id)!.state).toBe('queued');
  });
});

describe('runs.delete with a running job', () => {
  let h: Harness | undefined;
  afterEach(async () => h?.cleanup());

  it('cancels the run’s job before removing its rows and files', async () => {
    const { dispatch } = await import('../../src/jobs/api/dispatch');
    const { handlers } = await import('../../src/jobs/api/handlers');
    h = startHarness();
    const harness = h;
    const runId = newRun(harness.store);
    const job = harness.supervisor.enqueue({
      kind: 'count',
      runId,
      payload: { steps: 10_000, stepMs: 10, checkpointEvery: 5 },
    });
    await until('a checkpoint', () => (harness.store.jobs.get(job.id)?.progress?.step ?? 0) > 5);
    const ctx = {
      store: harness.store,
      mode: 'test' as const,
      version: 't',
      backend: { name: 'cpu', preference: 'cpu' as const, skipped: [] },
      jobs: harness.supervisor,
      emit: () => {},
    };
    const result = await dispatch(handlers, ctx, 'runs.delete', { runId, confirm: true }, () => {});
    expect(result).toMatchObject({ ok: true, value: { deleted: true } });
    expect((result as { value: { bytesFreed: number } }).value.bytesFreed).toBeGreaterThan(0);
    expect(harness.store.jobs.get(job.id)).toMatchObject({ state: 'cancelled', runId: null });
    expect(harness.store.runs.get(runId)).toBeUndefined();
  });
});
