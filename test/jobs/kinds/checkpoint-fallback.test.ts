import { readdirSync, statSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { readSafetensorsFile } from '../../../src/engine';
import { waitForJob } from '../../../src/jobs/wait';
import type { Store } from '../../../src/store';
import { harnessPerTest, until } from '../harness';
import { storeTinyCorpus } from './tiny-corpus';
import { trainedTinyRun } from './trained-run';

function modelTensors(store: Store, runId: string): Map<string, number[]> {
  const path = store.runs.artifacts(runId).find((a) => a.kind === 'model')!.path;
  return new Map(
    [...readSafetensorsFile(path).tensors]
      .filter(([k]) => k.startsWith('model.'))
      .map(([k, t]) => [k, Array.from(t.data as Float32Array)]),
  );
}

const lossSteps = (store: Store, runId: string) =>
  (
    store.db.prepare(`SELECT COUNT(*) AS n FROM metrics WHERE run_id = ? AND name = 'loss'`).get(runId) as {
      n: number;
    }
  ).n;

const common = { steps: 8, checkpointEvery: 2, devUtterances: 0 };
const CASES = [
  {
    name: 'dense training',
    kind: 'dense',
    job: 'train',
    payload: { ...common, preset: 'tiny', batchFrames: 120 },
  },
  {
    name: 'random pathways',
    kind: 'pathways',
    job: 'pathways',
    payload: { ...common, method: 'pathways-random', sparsity: 0.5, batchFrames: 4000 },
  },
] as const;

describe('a damaged newest checkpoint', () => {
  const jobs = harnessPerTest();

  it.each(CASES)(
    '$name: cut short while the job is paused, the job resumes from the older checkpoint, says so, and ends like an uninterrupted run',
    async ({ kind, job, payload }) => {
      const harness = jobs.start();
      const parents = kind === 'pathways' ? await trainedTinyRun(harness, jobs.corpus) : undefined;
      const datasetId = parents?.datasetId ?? storeTinyCorpus(harness.store, jobs.corpus);
      const start = () => {
        const runId = harness.store.runs.create({
          name: kind,
          kind,
          seed: 3,
          config: { ...payload, parentRunIds: parents ? [parents.runId] : [] },
          datasetIds: [datasetId],
          appVersion: 'test',
        }).id;
        const jobId = harness.supervisor.enqueue({ kind: job, runId, payload }).id;
        return { runId, jobId, dir: join(harness.store.layout.runs, runId, 'checkpoints', jobId) };
      };
      const straight = start();
      expect((await waitForJob(harness.hub, harness.store, straight.jobId)).error ?? null).toBeNull();

      const damaged = start();
      await until('three steps', () => lossSteps(harness.store, damaged.runId) >= 3, 60_000);
      harness.supervisor.pause(damaged.jobId);
      const paused = await waitForJob(harness.hub, harness.store, damaged.jobId);
      expect(paused.state).toBe('paused');
      const checkpoints = readdirSync(damaged.dir)
        .filter((f) => /^step-\d+\.safetensors$/.test(f))
        .sort();
      expect(checkpoints.length).toBe(2);
      const [older, newest] = checkpoints.map((f) => join(damaged.dir, f));
      truncateSync(newest, Math.floor(statSync(newest).size / 2));

      harness.supervisor.resume(damaged.jobId);
      const done = await waitForJob(harness.hub, harness.store, damaged.jobId);
      expect(done.error ?? null).toBeNull();
      expect(done.state).toBe('succeeded');
      const lines = harness.store.jobs.logs(damaged.jobId, 1000).map((l) => l.line);
      const base = (path: string) => path.replace(/\.safetensors$/, '');
      const olderStep = Number(/step-(\d+)/.exec(older)![1]);
      expect(lines.some((l) => l.startsWith(`checkpoint ${base(newest)} is damaged`))).toBe(true);
      expect(lines).toContain(`resuming from ${base(older)} (step ${olderStep})`);

      const a = modelTensors(harness.store, straight.runId);
      const b = modelTensors(harness.store, damaged.runId);
      expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
      for (const [name, values] of a) expect(b.get(name), name).toEqual(values);
    },
    180_000,
  );
});
