import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MaskSet, randomMaskSet, readSafetensorsFile, selectPrunable } from '../../../src/engine';
import { waitForJob } from '../../../src/jobs/wait';
import type { Store } from '../../../src/store';
import { harnessPerTest } from '../harness';
import { trainedTinyRun } from './trained-run';

function steps(store: Store, runId: string, name: string): number[] {
  return (
    store.db
      .prepare('SELECT step FROM metrics WHERE run_id = ? AND name = ? ORDER BY step')
      .all(runId, name) as {
      step: number;
    }[]
  ).map((r) => r.step);
}

function addArtifact(store: Store, runId: string, kind: string, path: string): void {
  const bytes = readFileSync(path);
  store.runs.addArtifact({
    runId,
    kind,
    path,
    bytes: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
  });
}

/** Creates runs of one seed on a dataset: `newRun(kind, config)` → the run's id. */
const runMaker =
  (store: Store, datasetId: string) =>
  (kind: string, config: Record<string, unknown>): string =>
    store.runs.create({ name: kind, kind, seed: 1, config, datasetIds: [datasetId], appVersion: 'test' }).id;

/** The stored masks and weights of a pathways run: every weight outside the union of the masks must be 0. */
function checkUnion(store: Store, runId: string): { masks: Map<string, MaskSet>; insideNonZero: number } {
  const artifacts = store.runs.artifacts(runId);
  const masks = new Map(
    artifacts
      .filter((a) => a.kind === 'mask')
      .map((a) => [/mask-(.+)\.safetensors$/.exec(a.path)![1], MaskSet.load(a.path).masks]),
  );
  const { tensors } = readSafetensorsFile(artifacts.find((a) => a.kind === 'model')!.path);
  const sets = [...masks.values()];
  let insideNonZero = 0;
  for (const name of sets[0].names()) {
    const w = tensors.get(`model.${name}`)!.data as Float32Array;
    for (let i = 0; i < w.length; i++) {
      const inUnion = sets.some((m) => m.get(name).data[i] === 1);
      if (!inUnion) expect(w[i]).toBe(0);
      else if (w[i] !== 0) insideNonZero++;
    }
  }
  return { masks, insideNonZero };
}

describe('pathways job', () => {
  const jobs = harnessPerTest();

  it('trains fixed (LSP masks), random and dynamic (from LAP) pathways, keeping weights outside the union at 0', async () => {
    const harness = jobs.start();
    const { runId: dense, datasetId } = await trainedTinyRun(harness, jobs.corpus);
    const { tensors } = readSafetensorsFile(
      harness.store.runs.artifacts(dense).find((a) => a.kind === 'model')!.path,
    );
    const shapes = new Map(
      [...tensors].filter(([k]) => k.startsWith('model.')).map(([k, t]) => [k.slice(6), t.shape]),
    );
    const prunable = new Map(selectPrunable(shapes).map((n) => [n, shapes.get(n)!]));
    const newRun = runMaker(harness.store, datasetId);

    // two LSP parents whose masks the test writes itself (sparsity 0.8, different seeds)
    const lspMasks = new Map<string, MaskSet>();
    const lspRuns = ['en', 'fr'].map((language, k) => {
      const id = newRun('lsp', { parentRunIds: [dense], languages: [language] });
      const mask = randomMaskSet(prunable, 0.8, 11 + k);
      const dir = join(harness.home, 'test-masks', id);
      mkdirSync(dir, { recursive: true });
      mask.save(join(dir, `mask-${language}.safetensors`));
      addArtifact(harness.store, id, 'mask', join(dir, `mask-${language}.safetensors`));
      lspMasks.set(language, mask);
      return id;
    });
    const common = { steps: 4, checkpointEvery: 2, batchFrames: 4000, devUtterances: 1 };
    const fixedPayload = { ...common, method: 'pathways', sparsity: 0.8 };
    const fixed = newRun('pathways', { ...fixedPayload, parentRunIds: lspRuns });
    const randomPayload = { ...common, method: 'pathways-random', sparsity: 0.5 };
    const random = newRun('pathways', { ...randomPayload, parentRunIds: [dense] });
    // dynamic pathways from a LAP parent (its mask at sparsity 0.5 for every language), re-selected up to 0.7
    const lap = newRun('lap', { parentRunIds: [dense] });
    const lapDir = join(harness.home, 'test-masks', lap);
    mkdirSync(lapDir, { recursive: true });
    randomMaskSet(prunable, 0.5, 5).save(join(lapDir, 'mask-all.safetensors'));
    addArtifact(harness.store, lap, 'mask', join(lapDir, 'mask-all.safetensors'));
    const dynamicPayload = {
      ...common,
      method: 'pathways-dynamic',
      sparsity: 0.7,
      dynamic: { init: 'lap', every: 1 },
    };
    const dynamic = newRun('pathways', { ...dynamicPayload, parentRunIds: [dense, lap] });
    for (const [runId, payload] of [
      [fixed, fixedPayload],
      [random, randomPayload],
      [dynamic, dynamicPayload],
    ] as const) {
      const done = await waitForJob(
        harness.hub,
        harness.store,
        harness.supervisor.enqueue({ kind: 'pathways', runId, payload }).id,
      );
      expect(done.error ?? null).toBeNull();
      expect(steps(harness.store, runId, 'loss')).toEqual([1, 2, 3, 4]);
      expect(steps(harness.store, runId, 'loss/en')).toEqual([1, 2, 3, 4]);
      expect(harness.store.maskReports.get(runId)!.languages).toEqual(['en', 'fr']);
      expect(steps(harness.store, runId, 'cer/fr')).toEqual([4]);
    }

    const fixedResult = checkUnion(harness.store, fixed);
    for (const [language, mask] of lspMasks) expect(fixedResult.masks.get(language)!.equals(mask)).toBe(true);
    expect(fixedResult.insideNonZero).toBeGreaterThan(0);

    const randomResult = checkUnion(harness.store, random);
    const total = [...prunable.values()].reduce((n, s) => n + s.reduce((a, b) => a * b, 1), 0);
    for (const mask of randomResult.masks.values()) expect(mask.count().kept).toBe(Math.round(0.5 * total));
    expect(randomResult.masks.get('en')!.equals(randomResult.masks.get('fr')!)).toBe(false);

    const dynamicResult = checkUnion(harness.store, dynamic);
    for (const mask of dynamicResult.masks.values()) expect(mask.count().kept).toBe(Math.round(0.3 * total));
    const history = harness.store.maskReports.get(dynamic)!.history ?? [];
    expect(history.length).toBeGreaterThan(0);
  }, 150_000);

  it("dynamic pathways start from the init they name: 'lsp-middle' takes the LSP runs' round-1 masks, a contradicting parent is refused", async () => {
    const harness = jobs.start();
    const { runId: dense, datasetId } = await trainedTinyRun(harness, jobs.corpus);
    const newRun = runMaker(harness.store, datasetId);
    const run = async (kind: 'prune' | 'pathways', runId: string, payload: Record<string, unknown>) =>
      waitForJob(harness.hub, harness.store, harness.supervisor.enqueue({ kind, runId, payload }).id);
    const common = { batchFrames: 4000, devUtterances: 1 };
    // real LSP runs: 2 IMP rounds of 1 step to sparsity 0.75 (round 1 keeps √0.25 = 50 %)
    const lsp = await Promise.all(
      ['en', 'fr'].map(async (language) => {
        const payload = { ...common, method: 'lsp-imp', language, sparsity: 0.75, steps: 3, rounds: 2 };
        const id = newRun('lsp', { ...payload, parentRunIds: [dense], languages: [language] });
        expect((await run('prune', id, payload)).error ?? null).toBeNull();
        return id;
      }),
    );
    const roundMasks = lsp.map((id) =>
      harness.store.runs.artifacts(id).filter((a) => a.kind === 'round-mask'),
    );
    for (const masks of roundMasks)
      expect(masks.map((a) => /round-(\d)-/.exec(a.path)![1]).sort()).toEqual(['1', '2']);
    const roundOne = new Map(
      roundMasks.map((masks, k) => [
        ['en', 'fr'][k],
        MaskSet.load(masks.find((a) => a.path.includes('round-1-'))!.path).masks,
      ]),
    );
    for (const mask of roundOne.values()) expect(mask.sparsity()).toBeCloseTo(0.5, 2);

    // no re-evaluation within 2 steps (every 5): the run's masks are the ones it started from
    const middle = { ...common, steps: 2, method: 'pathways-dynamic', sparsity: 0.75 };
    const middlePayload = { ...middle, dynamic: { init: 'lsp-middle', every: 5 } };
    const fromMiddle = newRun('pathways', { ...middlePayload, parentRunIds: lsp });
    expect((await run('pathways', fromMiddle, middlePayload)).error ?? null).toBeNull();
    const { masks } = checkUnion(harness.store, fromMiddle);
    for (const [language, mask] of roundOne) expect(masks.get(language)!.equals(mask)).toBe(true);

    const lapPayload = { ...middle, dynamic: { init: 'lap' } };
    const conflicting = newRun('pathways', { ...lapPayload, parentRunIds: lsp });
    const refused = await run('pathways', conflicting, lapPayload);
    expect(refused.state).toBe('failed');
    expect(refused.error).toMatch(/init 'lap' conflicts with LSP parent runs/);
  }, 150_000);

  it("dynamic pathways by the PARP-style 'adjust' score run as a job, reaching the target", async () => {
    const harness = jobs.start();
    const { runId: dense, datasetId } = await trainedTinyRun(harness, jobs.corpus);
    const payload = {
      steps: 3,
      batchFrames: 4000,
      devUtterances: 1,
      method: 'pathways-dynamic',
      sparsity: 0.7,
      // a large adjust rate, so that 2 SGD steps on each language's data move the tiny model's ranking
      dynamic: { init: 'lap', score: 'adjust', every: 1, adjustSteps: 2, adjustLr: 0.5 },
    };
    const runId = runMaker(harness.store, datasetId)('pathways', { ...payload, parentRunIds: [dense] });
    const done = await waitForJob(
      harness.hub,
      harness.store,
      harness.supervisor.enqueue({ kind: 'pathways', runId, payload }).id,
    );
    expect(done.error ?? null).toBeNull();
    const { masks } = checkUnion(harness.store, runId);
    const total = [...masks.get('en')!.masks.values()].reduce((n, m) => n + m.data.length, 0);
    for (const mask of masks.values()) expect(mask.count().kept).toBe(Math.round(0.3 * total));
    // the adjust phase makes each language's score its own: the two masks differ
    expect(masks.get('en')!.equals(masks.get('fr')!)).toBe(false);
    expect(harness.store.maskReports.get(runId)!.history!.length).toBeGreaterThan(0);
  }, 150_000);
});
