/**
 * Dense fine-tuning of a trained dense run on the PyTorch runner (two gloo ranks) against the same fine-tuning on
 * the engine: the same per-language batches from the parent's weights and the parent's continued schedule, so the
 * same per-step losses (1e-3 relative), and a final model the engine loads. Skipped, with the reason, where
 * /usr/bin/python3 has no torch.
 */
import { disposeParams } from '../../src/engine';
import { loadRunModel } from '../../src/jobs/recipes/run-model';
import { waitForJob } from '../../src/jobs/wait';
import { useTestBackend } from '../helpers/backend';
import { harnessPerTest } from '../jobs/harness';
import { trainedTinyRun } from '../jobs/kinds/trained-run';
import { torchMissing } from './python';
import { metricSeries } from './train-job-helpers';

const missing = torchMissing();

describe('dense fine-tuning on the PyTorch runner', () => {
  const jobs = harnessPerTest();

  it("continues the parent like the engine's fine-tuning", async (context) => {
    if (missing) {
      console.log(`skipping PyTorch fine-tuning: ${missing}`);
      return context.skip(missing);
    }
    const h = jobs.start();
    const { runId: parent, datasetId } = await trainedTinyRun(h, jobs.corpus, 4);
    const child = (runner: Record<string, unknown>) => {
      const payload = {
        preset: 'tiny',
        steps: 4,
        checkpointEvery: 2,
        batchFrames: 4000,
        devUtterances: 1,
        ...runner,
      };
      const run = h.store.runs.create({
        name: 'dense + F',
        kind: 'dense',
        seed: 6,
        config: { ...payload, parentRunIds: [parent] },
        datasetIds: [datasetId],
        appVersion: 'test',
      });
      return { runId: run.id, jobId: h.supervisor.enqueue({ kind: 'train', runId: run.id, payload }).id };
    };
    const torch = child({ runner: { kind: 'torch', nproc: 2 } });
    const engine = child({});
    for (const { jobId } of [torch, engine]) {
      const done = await waitForJob(h.hub, h.store, jobId);
      expect(done.error ?? null).toBeNull();
    }
    const ours = metricSeries(h.store, torch.runId, 'loss');
    const theirs = metricSeries(h.store, engine.runId, 'loss');
    console.log(
      'fine-tuning per-step loss, PyTorch runner (2 ranks) vs engine (cpu):',
      ours.map((p, i) => [p.step, p.value, theirs[i]?.value]),
    );
    expect(ours.map((p) => p.step)).toEqual([1, 2, 3, 4]);
    ours.forEach((p, i) => expect(Math.abs(p.value - theirs[i].value) / theirs[i].value).toBeLessThan(1e-3));
    expect(metricSeries(h.store, torch.runId, 'lr').map((p) => p.value)).toEqual(
      metricSeries(h.store, engine.runId, 'lr').map((p) => p.value),
    );
    const lines = h.store.jobs.logs(torch.jobId, 500).map((l) => l.line);
    expect(lines).toContain(`learning rate: continuing run ${parent}'s schedule after its 4 steps`);

    await useTestBackend('cpu');
    const model = await loadRunModel(h.store, torch.runId);
    expect(model.step).toBe(4);
    disposeParams(model.params);
  });
});
