/**
 * A training job's engine half on webgpu (SwiftShader), through the same code as on cpu: the TrainingLoop's steps
 * with checkpoints written and resumed across backends, masked (pathways) steps that leave everything outside the
 * step's language masks bit for bit, no tensor leak over the steps, and an IMP pruning round. Every device read in
 * these paths is an awaited `data()`, so any synchronous read left would throw here (webgpu has none under Node).
 * Each cpu result is computed on cpu itself; only plain arrays and checkpoint files cross backends.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selectBackend } from '../../src/engine/backend';
import { disposeParams, initParams } from '../../src/engine/model/params';
import { MaskSet } from '../../src/engine/prune/mask-set';
import { pruneParams, zeroPruned } from '../../src/engine/prune/magnitude';
import { selectPrunable } from '../../src/engine/prune/prunable';
import { randomPathwayMasks } from '../../src/engine/prune/random-mask';
import type { TrainingExample } from '../../src/engine/train/corpus';
import { TrainingLoop, type StepReport, type TrainingLoopOptions } from '../../src/engine/train/loop';
import { tf } from '../../src/engine/tf';
import { tinyConfig } from '../engine/model/fixtures';
import { syntheticCorpus, TRANSCRIPTS } from '../engine/train/synthetic';
import { swiftShaderSkipReason } from './swiftshader';

const skip = swiftShaderSkipReason();
const config = tinyConfig({ vocabSize: 6 });
const SEED = 5;
const examples = syntheticCorpus(TRANSCRIPTS.slice(0, 3));

function close(got: readonly number[], want: readonly number[], what: string): void {
  expect(got).toHaveLength(want.length);
  got.forEach((g, i) =>
    expect(Math.abs(g - want[i]) / Math.abs(want[i]), `${what} ${i + 1}`).toBeLessThan(1e-3),
  );
}

/**
 * Dense training of the tiny preset for `until` steps, checkpointing every 3 into `dir` (resumed first when asked);
 * the losses of the steps it ran, and the live tensor count after each.
 */
async function dense(dir: string, until: number, resume = false) {
  const reports: StepReport[] = [];
  const tensors: number[] = [];
  const params = initParams(config, SEED);
  const loop = new TrainingLoop({
    config,
    params,
    seed: SEED,
    data: { examples },
    batchFrames: 120,
    schedule: { kind: 'constant', lr: 3e-3 },
    checkpoints: { dir, every: 3 },
    hooks: { onStep: (r) => reports.push(r), onCheckpoint: () => void tensors.push(tf.memory().numTensors) },
  });
  const resumed = resume ? loop.resume() : undefined;
  const result = await loop.run(until);
  loop.dispose();
  disposeParams(params);
  return { losses: reports.map((r) => r.loss), resumed, result, tensors };
}

/** The tiny preset's prunable tensors (selects cpu). */
async function prunableShapes(): Promise<Map<string, number[]>> {
  await selectBackend('cpu');
  const params = initParams(config, SEED);
  const shapes = new Map([...params].map(([n, p]) => [n, [...p.shape]]));
  disposeParams(params);
  return new Map(selectPrunable(shapes).map((n) => [n, shapes.get(n)!]));
}

/** The floats of every tensor, read asynchronously (the only read webgpu has). */
async function readAll(tensors: Iterable<[string, tf.Tensor]>): Promise<Map<string, Float32Array>> {
  const out = new Map<string, Float32Array>();
  for (const [name, t] of tensors) out.set(name, Float32Array.from(await t.data()));
  return out;
}

describe.skipIf(skip !== undefined)(`training on webgpu${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it('6 dense steps match cpu per step; the webgpu checkpoint resumes on cpu to the same losses; no tensor leak', async () => {
    const root = mkdtempSync(join(tmpdir(), 'pathways-webgpu-train-'));
    try {
      await selectBackend('cpu');
      const cpu = await dense(join(root, 'cpu'), 6);
      await selectBackend('webgpu');
      const gpu = await dense(join(root, 'gpu'), 6);
      expect(gpu.result).toEqual({ status: 'completed', step: 6 });
      close(gpu.losses, cpu.losses, 'webgpu loss of step');
      // the checkpoints at steps 3 and 6 found the same number of live tensors
      expect(gpu.tensors).toHaveLength(2);
      expect(gpu.tensors[1]).toBe(gpu.tensors[0]);

      // webgpu's checkpoint at step 6 went on from step 3's: resume it on cpu from step 3 (drop step 6's)
      rmSync(join(root, 'gpu', 'step-00000006.json'));
      await selectBackend('cpu');
      const onCpu = await dense(join(root, 'gpu'), 6, true);
      expect(onCpu.resumed).toMatchObject({ step: 3, damaged: [] });
      close(onCpu.losses, cpu.losses.slice(3), 'cpu loss after the webgpu checkpoint, step');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 300_000);

  it('a pathways step of one language leaves weights and AdamW moments outside its mask bit for bit; losses match cpu', async () => {
    const prunable = await prunableShapes();
    const masks = randomPathwayMasks(prunable, ['en', 'fr'], 0.5, 9);
    const byLanguage = new Map<string, readonly TrainingExample[]>([
      ['en', examples.slice(0, 2)],
      ['fr', examples.slice(1, 3)],
    ]);
    const run = async (steps: number, check: boolean) => {
      const params = initParams(config, SEED);
      const reports: StepReport[] = [];
      const options: TrainingLoopOptions = {
        config,
        params,
        seed: SEED,
        // sampler seed 6 draws fr, en, fr, en: one language a step, both by step 2
        data: {
          byLanguage,
          sampling: { scheme: 'uniform', mode: 'sample', batchesPerStep: 1, seed: 6 },
          masks,
        },
        batchFrames: 120,
        schedule: { kind: 'constant', lr: 3e-3 },
        hooks: { onStep: (r) => reports.push(r) },
      };
      const loop = new TrainingLoop(options);
      const checked = new Set<string>();
      // live tensors after each step once both languages have stepped (the union mask of each language set is cached)
      const counts: number[] = [];
      for (let s = 0; s < steps; s++) {
        const before = check ? await readAll(params) : undefined;
        const moments = check ? await loop.optimizer.exportState() : undefined;
        expect(await loop.trainStep()).toBeUndefined();
        if (!before || !moments) continue;
        const languages = [...reports[s].losses.keys()];
        expect(languages).toHaveLength(1);
        const mask = masks.get(languages[0])!;
        checked.add(languages[0]);
        const after = await readAll(params);
        const momentsAfter = await loop.optimizer.exportState();
        let outside = 0;
        for (const [name, m] of mask.masks) {
          m.data.forEach((keep, i) => {
            if (keep) return;
            outside++;
            expect(Object.is(after.get(name)![i], before.get(name)![i]), `${name}[${i}]`).toBe(true);
            for (const kind of ['m', 'v']) {
              const key = `optimizer.${kind}.${name}`;
              expect(
                Object.is(momentsAfter.get(key)!.data[i], moments.get(key)!.data[i]),
                `${key}[${i}]`,
              ).toBe(true);
            }
          });
        }
        expect(outside).toBeGreaterThan(0);
        if (checked.size === 2) counts.push(tf.memory().numTensors);
        // inside the mask the step moved weights
        const name = [...mask.masks.keys()][0];
        expect(
          after.get(name)!.some((x, i) => mask.masks.get(name)!.data[i] && x !== before.get(name)![i]),
        ).toBe(true);
      }
      loop.dispose();
      disposeParams(params);
      return { losses: reports.map((r) => r.loss), checked, counts };
    };
    await selectBackend('cpu');
    const cpu = await run(4, false);
    await selectBackend('webgpu');
    const gpu = await run(4, true);
    expect([...gpu.checked].sort()).toEqual(['en', 'fr']);
    expect(gpu.counts.length).toBeGreaterThan(1);
    expect(new Set(gpu.counts).size, `live tensors after each step: ${gpu.counts.join(', ')}`).toBe(1);
    close(gpu.losses, cpu.losses, 'webgpu pathways loss of step');
  }, 300_000);

  it("dynamic pathways ('adjust' score) re-select the masks and checkpoint on webgpu as on cpu", async () => {
    const prunable = await prunableShapes();
    const byLanguage = new Map<string, readonly TrainingExample[]>([
      ['en', examples.slice(0, 2)],
      ['fr', examples.slice(1, 3)],
    ]);
    const root = mkdtempSync(join(tmpdir(), 'pathways-webgpu-dynamic-'));
    const run = async (score: 'shadow' | 'adjust', dir: string) => {
      const params = initParams(config, SEED);
      const reports: StepReport[] = [];
      const loop = new TrainingLoop({
        config,
        params,
        seed: SEED,
        data: {
          byLanguage,
          sampling: { scheme: 'uniform', mode: 'sample', batchesPerStep: 1, seed: 6 },
          masks: randomPathwayMasks(prunable, ['en', 'fr'], 0.3, 9),
          dynamic: {
            schedule: { initialSparsity: 0.3, finalSparsity: 0.5, startStep: 0, every: 2, count: 1 },
            totalSteps: 3, // re-evaluations come before the last step: this one at step 2
            score,
            shadowLr: 0.05,
            adjust: score === 'adjust' ? { steps: 1, lr: 0.05 } : undefined,
          },
        },
        batchFrames: 120,
        schedule: { kind: 'constant', lr: 3e-3 },
        checkpoints: { dir, every: 2 },
        hooks: { onStep: (r) => reports.push(r) },
      });
      expect(await loop.run(2)).toEqual({ status: 'completed', step: 2 });
      const history = loop.reevaluations.map((r) => ({ step: r.step, sparsity: r.unionSparsity }));
      loop.dispose();
      disposeParams(params);
      return { losses: reports.map((r) => r.loss), history, checkpoint: loop.lastCheckpoint };
    };
    try {
      // 'adjust' takes the lattice-reading step on a plain copy of θ as well; 'shadow' costs as much again here
      for (const score of ['adjust'] as const) {
        await selectBackend('cpu');
        const cpu = await run(score, join(root, `${score}-cpu`));
        await selectBackend('webgpu');
        const gpu = await run(score, join(root, `${score}-gpu`));
        close(gpu.losses, cpu.losses, `${score}: webgpu loss of step`);
        expect(gpu.history).toHaveLength(1);
        expect(gpu.history[0].step).toBe(2);
        expect(gpu.history[0].sparsity).toBeCloseTo(cpu.history[0].sparsity, 3);
        expect(gpu.checkpoint).toMatch(/step-00000002$/);
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 300_000);

  it('an IMP pruning round on webgpu gives the same mask as on cpu for the same weights', async () => {
    const prunable = await prunableShapes();
    const round = async () => {
      const params = initParams(config, 7);
      const start = MaskSet.full(prunable);
      const first = await pruneParams(params, start, 0.4);
      zeroPruned(params, first);
      const second = await pruneParams(params, first, 0.64);
      const bits = new Map([...second.masks].map(([n, m]) => [n, Array.from(m.data)]));
      const zeroed = await readAll(
        [...second.masks.keys()].map((n) => [n, params.get(n)!] as [string, tf.Tensor]),
      );
      disposeParams(params);
      return { bits, sparsity: second.sparsity(), first, zeroed };
    };
    await selectBackend('cpu');
    const cpu = await round();
    await selectBackend('webgpu');
    const gpu = await round();
    expect(gpu.first.sparsity()).toBeCloseTo(0.4, 3);
    expect(gpu.sparsity).toBeCloseTo(0.64, 3);
    expect(gpu.bits).toEqual(cpu.bits);
    // the first round's pruned weights are exactly +0 on webgpu too
    for (const [name, m] of gpu.first.masks)
      m.data.forEach(
        (keep, i) => keep || expect(Object.is(gpu.zeroed.get(name)![i], 0), `${name}[${i}]`).toBe(true),
      );
  }, 300_000);
});
