import { newRun, startHarness, until, type Harness } from './harness';

describe('two app instances on one home folder', () => {
  let a: Harness | undefined;
  let b: Harness | undefined;
  afterEach(async () => {
    await b?.cleanup();
    await a?.cleanup();
  });

  it('share the queue through SQLite: every job runs exactly once and the database stays intact', async () => {
    a = startHarness({ concurrency: 1 });
    b = startHarness({ concurrency: 1 }, a.home);
    const runs = Array.from({ length: 4 }, () => newRun(a!.store));
    const jobs = runs.map((runId, i) =>
      (i % 2 ? a! : b!).supervisor.enqueue({ kind: 'count', runId, payload: { steps: 15, stepMs: 10 } }),
    );
    // each instance's hub hears only about the jobs it touches; follow the shared database instead
    const settled = await Promise.all(
      jobs.map((j) =>
        until(`job ${j.id} done`, () =>
          a!.store.jobs.get(j.id)!.state === 'succeeded' ? a!.store.jobs.get(j.id) : undefined,
        ),
      ),
    );
    for (const job of settled) expect(job!.attempts).toBe(1);
    const owners = a.store.db.prepare('SELECT COUNT(*) AS n FROM supervisors').get() as { n: number };
    expect(owners.n).toBe(2);
    for (const runId of runs) {
      const [sum] = a.store.runs.metrics(runId, ['sum'], 100);
      expect(sum.points.map((p) => p.step)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    }
    expect(a.store.db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it("cancel from one instance stops the other instance's worker within 2 seconds", async () => {
    a = startHarness({ concurrency: 1 });
    const job = a.supervisor.enqueue({ kind: 'count', payload: { steps: 10_000, stepMs: 10 } });
    await until('a runs the job', () => a!.store.jobs.get(job.id)?.progress);
    b = startHarness({ concurrency: 1 }, a.home);
    const pid = (
      a.store.db.prepare('SELECT worker_pid AS pid FROM jobs WHERE id = ?').get(job.id) as { pid: number }
    ).pid;
    const t0 = Date.now();
    expect(b.supervisor.cancel(job.id).state).toBe('cancelled');
    await until('the worker to end', () => {
      try {
        process.kill(pid, 0);
        return false;
      } catch {
        return true;
      }
    });
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(a.store.jobs.get(job.id)!.state).toBe('cancelled');
  });
});
