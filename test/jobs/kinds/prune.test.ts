import { join } from 'node:path';
import { MaskSet, readSafetensorsFile } from '../../../src/engine';
import { checkpointsNewestFirst, readCheckpoint } from '../../../src/engine/train/checkpoint';
import { parsePayload } from '../../../src/jobs/kinds';
import { waitForJob } from '../../../src/jobs/wait';
import type { Store } from '../../../src/store';
import { harnessPerTest } from '../harness';
import { trainedTinyRun } from './trained-run';

function lastMetric(store: Store, runId: string, name: string): number | undefined {
  const row = store.db
    .prepare('SELECT value FROM metrics WHERE run_id = ? AND name = ? ORDER BY step DESC LIMIT 1')
    .get(runId, name) as { value: number } | undefined;
  return row?.value;
}

/** Check the stored mask and model independently: exact kept count, and every pruned weight exactly 0. */
function checkPrunedRun(store: Store, runId: string, sparsity: number): void {
  const artifacts = store.runs.artifacts(runId);
  const mask = MaskSet.load(artifacts.find((a) => a.kind === 'mask')!.path).masks;
  const { tensors } = readSafetensorsFile(artifacts.find((a) => a.kind === 'model')!.path);
  let prunable = 0;
  let kept = 0;
  let all = 0;
  for (const [key, t] of tensors) all += key.startsWith('model.') ? t.data.length : 0;
  for (const name of mask.names()) {
    const m = mask.get(name).data;
    const w = tensors.get(`model.${name}`)!.data as Float32Array;
    expect(w.length).toBe(m.length);
    for (let i = 0; i < m.length; i++) {
      prunable++;
      if (m[i]) kept++;
      else expect(w[i]).toBe(0);
    }
  }
  expect(kept).toBe(Math.round((1 - sparsity) * prunable));
  expect(lastMetric(store, runId, 'sparsity')).toBeCloseTo((prunable - kept) / prunable, 12);
  expect(lastMetric(store, runId, 'non_zeros')).toBe(all - prunable + kept);
  const kinds = artifacts.map((a) => a.kind).filter((k) => k !== 'round-mask');
  expect(kinds.sort()).toEqual(['cmvn', 'mask', 'model', 'tokenizer']);
}

describe('prune job', () => {
  const jobs = harnessPerTest();

  it('checks the config with the engine schemas, naming the field', () => {
    expect(() => parsePayload('prune', { method: 'lsp-imp' })).toThrow(
      expect.objectContaining({
        issues: expect.arrayContaining([expect.objectContaining({ path: 'language' })]),
      }),
    );
    expect(() => parsePayload('prune', { method: 'lap', sparsity: 1.5 })).toThrow(
      expect.objectContaining({
        issues: expect.arrayContaining([expect.objectContaining({ path: 'sparsity' })]),
      }),
    );
  });

  it('LAP one-shot and LSP IMP reach the exact sparsity from the parent dense run', async () => {
    const harness = jobs.start();
    const { runId: dense, datasetId } = await trainedTinyRun(harness, jobs.corpus);
    const child = (payload: Record<string, unknown>, languages?: string[]) => {
      const run = harness.store.runs.create({
        name: String(payload.method),
        kind: payload.method === 'lap' ? 'lap' : 'lsp',
        seed: 1,
        config: { ...payload, parentRunIds: [dense], ...(languages ? { languages } : {}) },
        datasetIds: [datasetId],
        appVersion: 'test',
      });
      return {
        runId: run.id,
        jobId: harness.supervisor.enqueue({ kind: 'prune', runId: run.id, payload }).id,
      };
    };
    const lap = child({ method: 'lap', sparsity: 0.6, steps: 2, batchFrames: 4000, devUtterances: 1 });
    const lsp = child(
      {
        method: 'lsp-imp',
        language: 'fr',
        sparsity: 0.75,
        steps: 3,
        rounds: 2,
        batchFrames: 4000,
        devUtterances: 1,
      },
      ['fr'],
    );
    for (const { runId, jobId } of [lap, lsp]) {
      const done = await waitForJob(harness.hub, harness.store, jobId);
      expect(done.error ?? null).toBeNull();
      expect(done.state).toBe('succeeded');
      expect(lastMetric(harness.store, runId, 'loss')).toBeGreaterThan(0);
      // the planned total is known up front (so progress has an ETA) and is what the job trained
      expect(done.progress).toMatchObject({ phase: 'prune', step: runId === lap.runId ? 2 : 3 });
      expect(done.progress?.total).toBe(done.progress?.step);
    }
    checkPrunedRun(harness.store, lap.runId, 0.6);
    checkPrunedRun(harness.store, lsp.runId, 0.75);
    expect(lastMetric(harness.store, lsp.runId, 'cer/fr')).toBeGreaterThanOrEqual(0);
    expect(lastMetric(harness.store, lsp.runId, 'cer/en')).toBeUndefined();
  }, 150_000);

  it('LAP by IMP rounds on all languages (as the reproduction builds it) reaches the exact sparsity', async () => {
    const harness = jobs.start();
    const { runId: dense, datasetId } = await trainedTinyRun(harness, jobs.corpus);
    const payload = {
      method: 'lap',
      lapMethod: 'imp',
      sparsity: 0.7,
      rounds: 2,
      stepsPerRound: 1,
      finalSteps: 1,
      steps: 3,
      batchFrames: 4000,
      devUtterances: 1,
    };
    const run = harness.store.runs.create({
      name: 'lap imp',
      kind: 'lap',
      seed: 1,
      config: { ...payload, parentRunIds: [dense] },
      datasetIds: [datasetId],
      appVersion: 'test',
    });
    const jobId = harness.supervisor.enqueue({ kind: 'prune', runId: run.id, payload }).id;
    const done = await waitForJob(harness.hub, harness.store, jobId);
    expect(done.error ?? null).toBeNull();
    // 2 rounds × 1 step + 1 final step, on the mixed data of both languages
    expect(done.progress).toMatchObject({ phase: 'prune', step: 3, total: 3 });
    checkPrunedRun(harness.store, run.id, 0.7);
    // each round's mask is kept: round 1 at 1 − √0.3 of the prunable weights pruned, round 2 the final one
    const rounds = harness.store.runs.artifacts(run.id).filter((a) => a.kind === 'round-mask');
    expect(rounds.map((a) => /round-(\d)-mask-all/.exec(a.path)![1]).sort()).toEqual(['1', '2']);
    const sparsityOf = (r: string) =>
      MaskSet.load(rounds.find((a) => a.path.includes(`round-${r}-`))!.path).masks.sparsity();
    expect(sparsityOf('1')).toBeCloseTo(1 - Math.sqrt(0.3), 3);
    expect(sparsityOf('2')).toBeCloseTo(0.7, 4);
    for (const language of ['en', 'fr'])
      expect(lastMetric(harness.store, run.id, `cer/${language}`)).toBeGreaterThanOrEqual(0);
  }, 150_000);

  it('LSP adaptive: one run re-selects the mask on the cubic schedule from dense to the exact target', async () => {
    const harness = jobs.start();
    const { runId: dense, datasetId } = await trainedTinyRun(harness, jobs.corpus);
    // re-selection after steps 1, 2, 3: the schedule reaches 0.75 at step 2 and keeps it
    const payload = {
      method: 'lsp-adaptive',
      language: 'fr',
      sparsity: 0.75,
      steps: 4,
      dynamic: { every: 1, score: 'saliency' },
      batchFrames: 4000,
      devUtterances: 1,
    };
    const run = harness.store.runs.create({
      name: 'lsp adaptive',
      kind: 'lsp',
      seed: 1,
      config: { ...payload, parentRunIds: [dense], languages: ['fr'] },
      datasetIds: [datasetId],
      appVersion: 'test',
    });
    const jobId = harness.supervisor.enqueue({ kind: 'prune', runId: run.id, payload }).id;
    const done = await waitForJob(harness.hub, harness.store, jobId);
    expect(done.error ?? null).toBeNull();
    expect(done.progress).toMatchObject({ phase: 'prune', step: 4, total: 4 });
    checkPrunedRun(harness.store, run.id, 0.75);
    expect(lastMetric(harness.store, run.id, 'cer/fr')).toBeGreaterThanOrEqual(0);
    const logs = harness.store.jobs.logs(jobId, 200).map((l) => l.line);
    expect(logs.some((l) => /adaptive pruning: 3 re-selections, sparsity 0\.75/.test(l))).toBe(true);
    expect(() => parsePayload('prune', { ...payload, dynamic: { score: 'magnitude' } })).toThrow(
      expect.objectContaining({
        issues: expect.arrayContaining([expect.objectContaining({ path: 'dynamic.score' })]),
      }),
    );
  }, 150_000);

  it("LTH keeps Adam's moments on rewind by default and resets them with rewindOptimizer 'reset'", async () => {
    const harness = jobs.start();
    const { runId: dense, datasetId } = await trainedTinyRun(harness, jobs.corpus);
    const base = {
      method: 'lsp-lth',
      language: 'fr',
      sparsity: 0.6,
      rounds: 2,
      stepsPerRound: 2,
      finalSteps: 1,
      batchFrames: 4000,
      devUtterances: 0,
    };
    const optimizerSteps = async (rewindOptimizer: 'keep' | 'reset') => {
      const payload = { ...base, rewindOptimizer };
      const run = harness.store.runs.create({
        name: `lth ${rewindOptimizer}`,
        kind: 'lsp',
        seed: 1,
        config: { ...payload, parentRunIds: [dense], languages: ['fr'] },
        datasetIds: [datasetId],
        appVersion: 'test',
      });
      const job = harness.supervisor.enqueue({ kind: 'prune', runId: run.id, payload });
      expect((await waitForJob(harness.hub, harness.store, job.id)).error ?? null).toBeNull();
      const newest = checkpointsNewestFirst(join(harness.home, 'runs', run.id, 'checkpoints', job.id))[0];
      return (readCheckpoint(newest).tensors.get('optimizer.step')!.data as Int32Array)[0];
    };
    // 2 rounds of 2 steps, each followed by a rewind, then 1 final step
    expect(await optimizerSteps('keep')).toBe(5);
    expect(await optimizerSteps('reset')).toBe(1);
  }, 150_000);
});
