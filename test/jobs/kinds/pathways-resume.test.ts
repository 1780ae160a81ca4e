import { readSafetensorsFile } from '../../../src/engine';
import { waitForJob } from '../../../src/jobs/wait';
import type { Store } from '../../../src/store';
import { tempDir } from '../../helpers/tmp';
import { startHarness, until, type Harness } from '../harness';
import { trainedTinyRun } from './trained-run';

function modelTensors(store: Store, runId: string): Map<string, Float32Array> {
  const path = store.runs.artifacts(runId).find((a) => a.kind === 'model')!.path;
  return new Map(
    [...readSafetensorsFile(path).tensors]
      .filter(([k]) => k.startsWith('model.'))
      .map(([k, t]) => [k, t.data as Float32Array]),
  );
}

describe('pathways job resume', () => {
  let h: Harness | undefined;
  const corpus = tempDir('pathways-tiny-');
  afterEach(async () => {
    await h?.cleanup();
    h = undefined;
  });
  afterAll(() => corpus.cleanup());

  it('after its worker is killed, ends with exactly the weights of an uninterrupted run', async () => {
    h = startHarness();
    const harness = h;
    const { runId: dense, datasetId } = await trainedTinyRun(harness, corpus.path);
    const payload = {
      method: 'pathways-random',
      sparsity: 0.5,
      steps: 12,
      checkpointEvery: 2,
      batchFrames: 4000,
      devUtterances: 0,
    };
    const start = () => {
      const runId = harness.store.runs.create({
        name: 'random',
        kind: 'pathways',
        seed: 2,
        config: { ...payload, parentRunIds: [dense] },
        datasetIds: [datasetId],
        appVersion: 'test',
      }).id;
      return { runId, jobId: harness.supervisor.enqueue({ kind: 'pathways', runId, payload }).id };
    };

    const straight = start();
    expect((await waitForJob(harness.hub, harness.store, straight.jobId)).state).toBe('succeeded');

    const killed = start();
    const pid = await until(
      'three pathways steps',
      () => {
        const j = harness.store.jobs.get(killed.jobId)!;
        const steps = harness.store.db
          .prepare(`SELECT COUNT(*) AS n FROM metrics WHERE run_id = ? AND name = 'loss'`)
          .get(killed.runId) as { n: number };
        const worker = harness.store.db
          .prepare('SELECT worker_pid AS pid FROM jobs WHERE id = ?')
          .get(killed.jobId) as { pid: number | null };
        return j.state === 'running' && steps.n >= 3 ? worker.pid : null;
      },
      60_000,
    );
    process.kill(pid!, 'SIGKILL');
    const done = await waitForJob(harness.hub, harness.store, killed.jobId);
    expect(done.state).toBe('succeeded');
    expect(done.attempts).toBe(2);
    expect(harness.store.jobs.logs(killed.jobId, 100).some((l) => /resuming from/.test(l.line))).toBe(true);

    const a = modelTensors(harness.store, straight.runId);
    const b = modelTensors(harness.store, killed.runId);
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    for (const [name, values] of a) expect(Array.from(b.get(name)!), name).toEqual(Array.from(values));
  }, 150_000);
});
