import { waitForJob } from '../../../src/jobs/wait';
import type { Harness } from '../harness';
import { storeTinyCorpus } from './tiny-corpus';

/** A tiny dense run trained for a few steps in a real worker: the parent of eval, prune and pathways tests. */
export async function trainedTinyRun(
  h: Harness,
  corpusDir: string,
  steps = 3,
): Promise<{ runId: string; datasetId: string }> {
  const datasetId = storeTinyCorpus(h.store, corpusDir);
  const payload = { preset: 'tiny', steps, checkpointEvery: steps, batchFrames: 4000, devUtterances: 0 };
  const run = h.store.runs.create({
    name: 'dense',
    kind: 'dense',
    seed: 1,
    config: payload,
    datasetIds: [datasetId],
    appVersion: 'test',
  });
  const job = await waitForJob(
    h.hub,
    h.store,
    h.supervisor.enqueue({ kind: 'train', runId: run.id, payload }).id,
  );
  if (job.state !== 'succeeded') throw new Error(`training the parent run failed: ${job.error}`);
  return { runId: run.id, datasetId };
}
