/**
 * A pathways job (random masks per language over a trained dense run, fixed while training) on the PyTorch runner
 * against the same job on the engine: the same masks and batches, so the same per-step losses (1e-3 relative), the
 * same masks recorded, and a final model the engine loads. Dynamic pathways are refused by name. Skipped, with the
 * reason, where /usr/bin/python3 has no torch.
 */
import { disposeParams } from '../../src/engine';
import { parsePayload } from '../../src/jobs/kinds';
import { loadRunModel } from '../../src/jobs/recipes/run-model';
import { waitForJob } from '../../src/jobs/wait';
import { useTestBackend } from '../helpers/backend';
import { harnessPerTest } from '../jobs/harness';
import { trainedTinyRun } from '../jobs/kinds/trained-run';
import { torchMissing } from './python';
import { metricSeries } from './train-job-helpers';

const missing = torchMissing();
const TORCH = { runner: { kind: 'torch', nproc: 2 } };

describe('pathways on the PyTorch runner', () => {
  const jobs = harnessPerTest();

  it('refuses dynamic pathways, naming the runner field', () => {
    expect(() =>
      parsePayload('pathways', { method: 'pathways-dynamic', preset: 'tiny', steps: 4, ...TORCH }),
    ).toThrow(
      expect.objectContaining({
        issues: [
          expect.objectContaining({
            path: 'runner',
            message: expect.stringMatching(/dynamic pathways .* are not in the PyTorch runner/),
          }),
        ],
      }),
    );
    expect(
      parsePayload('pathways', { method: 'pathways-random', preset: 'tiny', steps: 4, ...TORCH }),
    ).toMatchObject({ runner: { kind: 'torch', nproc: 2, device: 'cpu' } });
  });

  it('trains random pathways like the engine', async (context) => {
    if (missing) {
      console.log(`skipping PyTorch pathways: ${missing}`);
      return context.skip(missing);
    }
    const h = jobs.start();
    const { runId: parent, datasetId } = await trainedTinyRun(h, jobs.corpus, 4);
    const child = (runner: Record<string, unknown>) => {
      const payload = {
        method: 'pathways-random',
        preset: 'tiny',
        steps: 4,
        checkpointEvery: 2,
        batchFrames: 4000,
        sparsity: 0.5,
        devUtterances: 1,
        ...runner,
      };
      const run = h.store.runs.create({
        name: 'pathways',
        kind: 'pathways',
        seed: 2,
        config: { ...payload, parentRunIds: [parent] },
        datasetIds: [datasetId],
        appVersion: 'test',
      });
      return { runId: run.id, jobId: h.supervisor.enqueue({ kind: 'pathways', runId: run.id, payload }).id };
    };
    const torch = child(TORCH);
    const engine = child({});
    for (const { jobId } of [torch, engine]) {
      const done = await waitForJob(h.hub, h.store, jobId);
      expect(done.error ?? null).toBeNull();
    }
    const ours = metricSeries(h.store, torch.runId, 'loss');
    const theirs = metricSeries(h.store, engine.runId, 'loss');
    console.log(
      'random pathways per-step loss, PyTorch runner (2 ranks) vs engine (cpu):',
      ours.map((p, i) => [p.step, p.value, theirs[i]?.value]),
    );
    expect(ours.map((p) => p.step)).toEqual([1, 2, 3, 4]);
    ours.forEach((p, i) => expect(Math.abs(p.value - theirs[i].value) / theirs[i].value).toBeLessThan(1e-3));
    for (const name of ['non_zeros', 'sparsity', 'union_sparsity', 'cer/en'])
      expect(metricSeries(h.store, torch.runId, name), name).toEqual(
        metricSeries(h.store, engine.runId, name).map((p) => expect.objectContaining({ step: p.step })),
      );
    expect(metricSeries(h.store, torch.runId, 'union_sparsity')[0].value).toBe(
      metricSeries(h.store, engine.runId, 'union_sparsity')[0].value,
    );
    expect(
      h.store.runs
        .artifacts(torch.runId)
        .map((a) => a.kind)
        .sort(),
    ).toEqual(
      h.store.runs
        .artifacts(engine.runId)
        .map((a) => a.kind)
        .sort(),
    );

    await useTestBackend('cpu');
    const model = await loadRunModel(h.store, torch.runId);
    expect(model.step).toBe(4);
    disposeParams(model.params);
  });
});
