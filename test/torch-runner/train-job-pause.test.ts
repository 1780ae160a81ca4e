/**
 * Pausing a train job on the PyTorch runner ends torchrun's process group from the worker, which reports the job
 * paused; resuming it continues from the newest checkpoint. Skipped, with the reason, where /usr/bin/python3 has
 * no torch.
 */
import { join } from 'node:path';
import { waitForJob } from '../../src/jobs/wait';
import { harnessPerTest, until } from '../jobs/harness';
import { storeTinyCorpus } from '../jobs/kinds/tiny-corpus';
import { torchMissing } from './python';
import { metricSeries, processesWith, tinyDenseRun } from './train-job-helpers';

const missing = torchMissing();
const STEPS = 24;

describe('a train job on the PyTorch runner, paused and resumed', () => {
  const jobs = harnessPerTest();

  it('ends the process group, is paused, and resumes from its checkpoint', async (context) => {
    if (missing) {
      console.log(`skipping the PyTorch pause/resume job: ${missing}`);
      return context.skip(missing);
    }
    const h = jobs.start();
    const datasetId = storeTinyCorpus(h.store, jobs.corpus);
    const { runId, jobId } = tinyDenseRun(h, datasetId, {
      runner: { kind: 'torch', nproc: 2 },
      steps: STEPS,
      devUtterances: 0,
    });
    const checkpoints = join(h.store.layout.runs, runId, 'checkpoints', jobId);
    await until(
      'step 4 in the store',
      () => metricSeries(h.store, runId, 'loss').some((p) => p.step >= 4),
      40_000,
    );

    const pausedAt = Date.now();
    h.supervisor.pause(jobId);
    await until('the job paused', () => h.store.jobs.get(jobId)?.state === 'paused', 15_000);
    expect(processesWith(checkpoints)).toEqual([]);
    console.log(`paused, with no process of the run left, ${Date.now() - pausedAt} ms after the request`);
    expect(h.store.jobs.get(jobId)?.error ?? null).toBeNull();

    h.supervisor.resume(jobId);
    const done = await waitForJob(h.hub, h.store, jobId);
    expect(done.error ?? null).toBeNull();
    const lines = h.store.jobs.logs(jobId, 1000).map((l) => l.line);
    expect(lines.some((l) => /^resuming from .*step-\d+ \(step \d+\)$/.test(l))).toBe(true);
    expect(metricSeries(h.store, runId, 'loss').map((p) => p.step)).toEqual(
      Array.from({ length: STEPS }, (_, i) => i + 1),
    );
  });
});
