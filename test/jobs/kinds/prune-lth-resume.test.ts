import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MaskSet, readSafetensorsFile } from '../../../src/engine';
import { waitForJob } from '../../../src/jobs/wait';
import type { Store } from '../../../src/store';
import { harnessPerTest, until } from '../harness';
import { trainedTinyRun } from './trained-run';

const K = 3;
/** 2 rounds of 4 steps (round 1: 3 steps, the rewind point, 1 step), then 1 more: 9 steps, a checkpoint after each. */
const PAYLOAD = {
  method: 'lsp-lth',
  language: 'fr',
  sparsity: 0.6,
  rounds: 2,
  stepsPerRound: 4,
  finalSteps: 1,
  rewind: { to: 'step', step: K },
  checkpointEvery: 1,
  batchFrames: 4000,
  devUtterances: 0,
};

function artifactOf(store: Store, runId: string, kind: string): string {
  return store.runs.artifacts(runId).find((a) => a.kind === kind)!.path;
}

function modelTensors(store: Store, runId: string): Map<string, Float32Array> {
  return new Map(
    [...readSafetensorsFile(artifactOf(store, runId, 'model')).tensors]
      .filter(([k]) => k.startsWith('model.'))
      .map(([k, t]) => [k, t.data as Float32Array]),
  );
}

const lossSteps = (store: Store, runId: string) =>
  (
    store.db.prepare(`SELECT COUNT(*) AS n FROM metrics WHERE run_id = ? AND name = 'loss'`).get(runId) as {
      n: number;
    }
  ).n;

const logLines = (store: Store, jobId: string) => store.jobs.logs(jobId, 1000).map((l) => l.line);

/** The steps a job's attempts resumed from, in order, read from their "resuming from" log lines. */
const resumedSteps = (store: Store, jobId: string) =>
  logLines(store, jobId).flatMap((line) => {
    const m = /^resuming from .* \(step (\d+),/.exec(line);
    return m ? [Number(m[1])] : [];
  });

describe('prune job, LTH rewinding to step k', () => {
  const jobs = harnessPerTest();

  it('paused before step k and killed after it, resumes each time and ends exactly like an uninterrupted run', async () => {
    const harness = jobs.start();
    const parent = await trainedTinyRun(harness, jobs.corpus);
    const start = () => {
      const runId = harness.store.runs.create({
        name: 'lsp-lth',
        kind: 'lsp',
        seed: 3,
        config: { ...PAYLOAD, parentRunIds: [parent.runId] },
        datasetIds: [parent.datasetId],
        appVersion: 'test',
      }).id;
      const jobId = harness.supervisor.enqueue({ kind: 'prune', runId, payload: PAYLOAD }).id;
      return {
        runId,
        jobId,
        rewindFile: join(harness.store.layout.runs, runId, 'checkpoints', jobId, 'rewind.safetensors'),
      };
    };
    const straight = start();
    const interrupted = start();

    // paused as soon as it runs, it stops at its first checkpoint: before step k, so with no rewind point yet
    await until('the job to run', () => harness.store.jobs.get(interrupted.jobId)!.state === 'running');
    harness.supervisor.pause(interrupted.jobId);
    const paused = await waitForJob(harness.hub, harness.store, interrupted.jobId);
    expect(paused.state).toBe('paused');
    const pausedAt = paused.progress!.step;
    expect(pausedAt).toBeLessThan(K);
    expect(existsSync(interrupted.rewindFile)).toBe(false);
    harness.supervisor.resume(interrupted.jobId);

    const pid = await until(
      'two steps past k',
      () => {
        const worker = harness.store.db
          .prepare(`SELECT worker_pid AS pid FROM jobs WHERE id = ? AND state = 'running'`)
          .get(interrupted.jobId) as { pid: number | null } | undefined;
        return lossSteps(harness.store, interrupted.runId) >= K + 2 && worker?.pid;
      },
      90_000,
    );
    expect(existsSync(interrupted.rewindFile)).toBe(true);
    process.kill(pid!, 'SIGKILL');

    const done = await waitForJob(harness.hub, harness.store, interrupted.jobId);
    expect(done.error ?? null).toBeNull();
    expect(done.attempts).toBe(3);
    const resumed = resumedSteps(harness.store, interrupted.jobId);
    expect(resumed).toHaveLength(2);
    expect(resumed[0]).toBe(pausedAt);
    expect(resumed[1]).toBeGreaterThan(K);
    const lines = logLines(harness.store, interrupted.jobId);
    // the rewind point was taken once, by the attempt resumed before step k; the last attempt loaded it
    expect(lines.filter((l) => l === `saved the LTH rewind point (step ${K})`)).toHaveLength(1);
    expect(lines).toContain(`rewinding to ${interrupted.rewindFile}`);

    const first = await waitForJob(harness.hub, harness.store, straight.jobId);
    expect(first.error ?? null).toBeNull();
    expect(first.attempts).toBe(1);
    expect(resumedSteps(harness.store, straight.jobId)).toEqual([]);
    const a = modelTensors(harness.store, straight.runId);
    const b = modelTensors(harness.store, interrupted.runId);
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    for (const [name, values] of a) expect(Array.from(b.get(name)!), name).toEqual(Array.from(values));
    const maskA = MaskSet.load(artifactOf(harness.store, straight.runId, 'mask')).masks;
    const maskB = MaskSet.load(artifactOf(harness.store, interrupted.runId, 'mask')).masks;
    expect(maskB.equals(maskA)).toBe(true);
    expect(maskA.count().sparsity).toBeCloseTo(0.6, 2);
  }, 240_000);
});
