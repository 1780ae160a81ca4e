/**
 * A dense train job on the PyTorch runner through the real supervisor and worker: `runner: torch` with two gloo
 * ranks against the same run on the engine (cpu backend, same seed): per-step losses within 1e-3 relative (the
 * parity bar of the issue), the metrics in the store, and the run's model artifact loading in the engine (the job
 * decodes the dev set with it). Skipped, with the reason, where /usr/bin/python3 has no torch.
 */
import { loadRunModel } from '../../src/jobs/recipes/run-model';
import { disposeParams } from '../../src/engine';
import { waitForJob } from '../../src/jobs/wait';
import { useTestBackend } from '../helpers/backend';
import { harnessPerTest } from '../jobs/harness';
import { storeTinyCorpus } from '../jobs/kinds/tiny-corpus';
import { torchMissing } from './python';
import { metricSeries, tinyDenseRun } from './train-job-helpers';

const missing = torchMissing();

describe('a train job on the PyTorch runner', () => {
  const jobs = harnessPerTest();

  it('trains like the engine, live into the store, and leaves a model the engine loads', async (context) => {
    if (missing) {
      console.log(`skipping the PyTorch train job: ${missing}`);
      return context.skip(missing);
    }
    const h = jobs.start();
    const datasetId = storeTinyCorpus(h.store, jobs.corpus);
    const torch = tinyDenseRun(h, datasetId, { runner: { kind: 'torch', nproc: 2 } });
    const engine = tinyDenseRun(h, datasetId, {});
    const torchJob = await waitForJob(h.hub, h.store, torch.jobId);
    const engineJob = await waitForJob(h.hub, h.store, engine.jobId);
    const wallMs = (job: typeof torchJob) => Date.parse(job.finishedAt!) - Date.parse(job.startedAt!);
    expect(torchJob.error ?? null).toBeNull();
    expect(engineJob.error ?? null).toBeNull();

    const ours = metricSeries(h.store, torch.runId, 'loss');
    const theirs = metricSeries(h.store, engine.runId, 'loss');
    console.log(
      `per-step loss, PyTorch runner (2 ranks) vs engine (cpu), side by side on the same cores; job wall time ${wallMs(torchJob)} ms vs ${wallMs(engineJob)} ms:`,
      ours.map((p, i) => [p.step, p.value, theirs[i]?.value]),
    );
    expect(ours.map((p) => p.step)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(theirs.map((p) => p.step)).toEqual([1, 2, 3, 4, 5, 6]);
    ours.forEach((p, i) => expect(Math.abs(p.value - theirs[i].value) / theirs[i].value).toBeLessThan(1e-3));
    for (const name of ['lr', 'audio_hours', 'throughput', 'train_steps', 'cer/en', 'cer/fr'])
      expect(metricSeries(h.store, torch.runId, name).length, name).toBeGreaterThan(0);
    expect(metricSeries(h.store, torch.runId, 'audio_hours').at(-1)!.value).toBeCloseTo(
      metricSeries(h.store, engine.runId, 'audio_hours').at(-1)!.value,
      9,
    );
    const lines = h.store.jobs.logs(torch.jobId, 500).map((l) => l.line);
    expect(lines.some((l) => /PyTorch runner: torch \S+ \(\/usr\/bin\/python3/.test(l))).toBe(true);

    await useTestBackend('cpu');
    const model = await loadRunModel(h.store, torch.runId);
    expect(model.step).toBe(6);
    disposeParams(model.params);
  });
});
