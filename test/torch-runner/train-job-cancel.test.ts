/**
 * Cancelling a train job on the PyTorch runner ends torchrun and both its ranks (the worker is killed outright;
 * the ranks notice and exit), and resuming the job continues from its newest checkpoint to the end, with one
 * metric per step. Skipped, with the reason, where /usr/bin/python3 has no torch.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { waitForJob } from '../../src/jobs/wait';
import { harnessPerTest, until } from '../jobs/harness';
import { storeTinyCorpus } from '../jobs/kinds/tiny-corpus';
import { torchMissing } from './python';
import { metricSeries, processesWith, tinyDenseRun } from './train-job-helpers';

const missing = torchMissing();
const STEPS = 30;

describe('a train job on the PyTorch runner, cancelled and resumed', () => {
  const jobs = harnessPerTest();

  it('leaves no process behind when cancelled, and resumes from its checkpoint', async (context) => {
    if (missing) {
      console.log(`skipping the PyTorch cancel/resume job: ${missing}`);
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

    // metrics arrive while the job runs
    await until(
      'step 4 in the store',
      () => metricSeries(h.store, runId, 'loss').some((p) => p.step >= 4),
      40_000,
    );
    expect(h.store.jobs.get(jobId)?.state).toBe('running');
    const running = processesWith(checkpoints);
    console.log('torchrun and its ranks before the cancel:', running);
    expect(running.length).toBeGreaterThanOrEqual(3);

    const cancelledAt = Date.now();
    h.supervisor.cancel(jobId);
    await until('no torchrun or rank left', () => processesWith(checkpoints).length === 0, 10_000);
    console.log(`every process of the run gone ${Date.now() - cancelledAt} ms after the cancel`);
    await until('the job cancelled', () => h.store.jobs.get(jobId)?.state === 'cancelled');
    const cancelledAfter = metricSeries(h.store, runId, 'loss').at(-1)!.step;
    expect(cancelledAfter).toBeLessThan(STEPS);
    const kept = readdirSync(checkpoints).filter((f) => /^step-\d+\.json$/.test(f));
    console.log(`checkpoints kept at the cancel: ${kept.join(', ')}`);
    expect(kept.length).toBeGreaterThan(0);

    h.supervisor.resume(jobId);
    const done = await waitForJob(h.hub, h.store, jobId);
    expect(done.error ?? null).toBeNull();
    const resumed = h.store.jobs
      .logs(jobId, 1000)
      .map((l) => /^resuming from .*step-\d+ \(step (\d+)\)$/.exec(l.line))
      .find((m) => m !== null);
    console.log(`cancelled after step ${cancelledAfter}; resumed from step ${resumed?.[1]}`);
    expect(Number(resumed?.[1])).toBeGreaterThanOrEqual(2);
    expect(Number(resumed?.[1]) % 2).toBe(0);
    expect(metricSeries(h.store, runId, 'loss').map((p) => p.step)).toEqual(
      Array.from({ length: STEPS }, (_, i) => i + 1),
    );
    expect(metricSeries(h.store, runId, 'train_steps').at(-1)?.value).toBe(STEPS);
  });
});
