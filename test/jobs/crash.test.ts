import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitForJob } from '../../src/jobs/wait';
import type { Store } from '../../src/store';
import { newRun, startHarness, until, type Harness } from './harness';

const HOST = fileURLToPath(new URL('./fixtures/supervisor-host.ts', import.meta.url));

function workerPid(store: Store, jobId: string): number | null {
  return (
    store.db.prepare('SELECT worker_pid AS pid FROM jobs WHERE id = ?').get(jobId) as { pid: number | null }
  ).pid;
}

/** Every step from 1 to `steps` exactly once, each holding the oracle value 1 + … + step. */
function expectCompleteSumSeries(store: Store, runId: string, steps: number): void {
  const rows = store.db
    .prepare(`SELECT step, value FROM metrics WHERE run_id = ? AND name = 'sum' ORDER BY step`)
    .all(runId) as {
    step: number;
    value: number;
  }[];
  expect(rows.map((r) => r.step)).toEqual(Array.from({ length: steps }, (_, i) => i + 1));
  for (const r of rows) expect(r.value).toBe((r.step * (r.step + 1)) / 2);
  expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
}

describe('crash recovery', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.cleanup();
    h = undefined;
  });

  it('survives SIGKILL of its worker at random points: no gap, no duplicate, all steps, intact database', async () => {
    h = startHarness();
    const harness = h;
    const runId = newRun(harness.store);
    const steps = 80;
    const job = harness.supervisor.enqueue({
      kind: 'count',
      runId,
      payload: { steps, stepMs: 15, checkpointEvery: 7 },
    });
    const kills: number[] = [];
    for (let k = 0; k < 3; k++) {
      const seen = kills.length;
      const pid = await until(`attempt ${seen + 1} running`, () => {
        const j = harness.store.jobs.get(job.id)!;
        return j.state === 'running' && j.attempts === seen + 1 && j.progress
          ? workerPid(harness.store, job.id)
          : null;
      });
      await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 250));
      kills.push(harness.store.jobs.get(job.id)!.progress!.step);
      process.kill(pid!, 'SIGKILL');
    }
    const done = await waitForJob(harness.hub, harness.store, job.id);
    expect(done.state).toBe('succeeded');
    expect(done.attempts).toBe(4);
    expect(done.progress!.step).toBe(steps);
    expectCompleteSumSeries(harness.store, runId, steps);
    const logs = harness.store.jobs.logs(job.id, 100).map((l) => l.line);
    expect(logs.filter((l) => /was killed \(SIGKILL\); resuming/.test(l))).toHaveLength(3);
  });

  it('after kill -9 of the whole app, the next start resumes the orphaned job from its checkpoint', async () => {
    h = startHarness({ autoStart: false });
    const harness = h;
    const runId = newRun(harness.store);
    const steps = 60;
    const job = harness.store.jobs.create({
      kind: 'count',
      runId,
      payload: { steps, stepMs: 20, checkpointEvery: 5 },
    });
    const host = spawn(process.execPath, ['--import', 'tsx', HOST, harness.home], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await until('a checkpoint from the first app', () => {
      const dir = join(harness.home, 'runs', runId, 'checkpoints', job.id);
      return existsSync(dir) && readdirSync(dir).some((f) => f.endsWith('.json'));
    });
    const worker = workerPid(harness.store, job.id)!;
    host.kill('SIGKILL');
    await new Promise((resolve) => host.once('exit', resolve));
    await until('the orphaned worker to stop', () => {
      try {
        process.kill(worker, 0);
        return false;
      } catch {
        return true;
      }
    });
    expect(harness.store.jobs.get(job.id)!.state).toBe('running');
    harness.supervisor.start();
    const done = await waitForJob(harness.hub, harness.store, job.id);
    expect(done.state).toBe('succeeded');
    expect(done.attempts).toBe(2);
    expect(
      harness.store.jobs.logs(job.id, 100).some((l) => /orphaned: supervisor sup_\w+ is gone/.test(l.line)),
    ).toBe(true);
    expectCompleteSumSeries(harness.store, runId, steps);
  });

  it('fails a job whose checkpoint cannot be written, with the reason, keeping the previous checkpoint', async () => {
    const chattr = spawnSync('chattr', ['--help']);
    const root = process.getuid?.() === 0;
    if (root && chattr.error) {
      console.log('skipped: running as root without chattr, so no folder can be made unwritable');
      return;
    }
    h = startHarness();
    const harness = h;
    const runId = newRun(harness.store);
    const job = harness.supervisor.enqueue({
      kind: 'count',
      runId,
      payload: { steps: 200, stepMs: 50, checkpointEvery: 10 },
    });
    const dir = join(harness.home, 'runs', runId, 'checkpoints', job.id);
    await until('the first checkpoint', () => existsSync(join(dir, 'step-000000010.json')));
    const lock = (on: boolean) =>
      root ? spawnSync('chattr', [on ? '+i' : '-i', dir]) : spawnSync('chmod', [on ? '555' : '755', dir]);
    lock(true);
    try {
      // The worker may have written a later checkpoint before the lock took hold: what counts is what was there.
      const kept = readdirSync(dir);
      const last = Math.max(...kept.map((f) => Number(/^step-(\d+)\.json$/.exec(f)![1])));
      const failed = await waitForJob(harness.hub, harness.store, job.id);
      expect(failed.state).toBe('failed');
      const next = `step-${String(last + 10).padStart(9, '0')}.json`;
      expect(failed.error).toMatch(new RegExp(`cannot write checkpoint .*${next.replace('.', '\\.')}`));
      expect(readdirSync(dir)).toEqual(kept);
      const lastFile = join(dir, `step-${String(last).padStart(9, '0')}.json`);
      expect(JSON.parse(readFileSync(lastFile, 'utf8'))).toEqual({
        step: last,
        state: { sum: (last * (last + 1)) / 2 },
      });
    } finally {
      lock(false);
    }
  });
});
