import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initParams, disposeParams, type ParamMap } from '../../../src/engine/model/params';
import {
  checkpointBase,
  checkpointsNewestFirst,
  loadWeights,
  readCheckpoint,
} from '../../../src/engine/train/checkpoint';
import { collate, type TrainingExample } from '../../../src/engine/train/corpus';
import { lossAndGrads } from '../../../src/engine/train/loss-and-grads';
import { TrainingLoop, type StepReport, type TrainingLoopOptions } from '../../../src/engine/train/loop';
import { tf } from '../../../src/engine/tf';
import { tinyConfig, useBackend } from '../model/fixtures';
import { syntheticCorpus, TRANSCRIPTS } from './synthetic';

const config = tinyConfig({ vocabSize: 6, dropout: 0.1 });
const examples = syntheticCorpus(TRANSCRIPTS);

/** A dense loop from scratch on the synthetic corpus (fresh weights of its seed); `losses` collects each step's loss. */
function denseLoop(
  overrides: Partial<TrainingLoopOptions> & { examples?: readonly TrainingExample[] } = {},
): TrainingLoop & { losses: { step: number; loss: number }[] } {
  const { examples: data = examples, ...rest } = overrides;
  const seed = rest.seed ?? 5;
  const seen: { step: number; loss: number }[] = [];
  const loop = new TrainingLoop({
    config,
    params: initParams(rest.config ?? config, seed),
    seed,
    data: { examples: data },
    batchFrames: 110, // 3 batches per epoch, so runs cross an epoch boundary
    schedule: { kind: 'warmup-inverse-sqrt', peak: 3e-3, warmupSteps: 3 },
    dropout: true,
    ...rest,
    hooks: {
      ...rest.hooks,
      onStep: (r: StepReport) => {
        rest.hooks?.onStep?.(r);
        seen.push({ step: r.step, loss: r.loss });
      },
    },
  });
  return Object.assign(loop, { losses: seen });
}

/** Run a loop to `until`, free it and its weights, and return its per-step losses. */
async function losses(
  loop: ReturnType<typeof denseLoop>,
  until: number,
): Promise<{ step: number; loss: number }[]> {
  await loop.run(until);
  free(loop);
  return loop.losses;
}

function free(loop: TrainingLoop): void {
  loop.dispose();
  disposeParams(loop.params);
}

describe('TrainingLoop, dense (wasm)', () => {
  let dir: string;
  beforeAll(async () => {
    await useBackend('wasm');
    dir = mkdtempSync(join(tmpdir(), 'loop-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is deterministic, resumes exactly, leaks no tensors, calls its hooks', async () => {
    const counts: number[] = [];
    const lrs: number[] = [];
    const checkpointed: number[] = [];
    const first = denseLoop({
      checkpoints: { dir: join(dir, 'a'), every: 3 },
      hooks: {
        onCheckpoint: ({ step }) => void checkpointed.push(step),
        onStep: (p) => {
          counts.push(tf.memory().numTensors);
          lrs.push(p.lr);
          expect(p.audioSeconds / (p.stepMs / 1000)).toBeGreaterThan(0);
        },
      },
    });
    const a = await losses(first, 6);
    expect(a.map((l) => l.step)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(new Set(counts.slice(1)).size).toBe(1);
    expect(checkpointed).toEqual([3, 6]);
    expect(lrs[0]).toBeCloseTo(1e-3, 8);
    expect(lrs[5]).toBeCloseTo(3e-3 * Math.sqrt(3 / 6), 8);
    expect(checkpointsNewestFirst(join(dir, 'a'))[0]).toBe(checkpointBase(join(dir, 'a'), 6));

    expect(await losses(denseLoop(), 6)).toEqual(a);

    const resumed = denseLoop();
    resumed.restore(readCheckpoint(checkpointBase(join(dir, 'a'), 3)));
    expect(resumed.completedSteps).toBe(3);
    const c = await losses(resumed, 6);
    expect(c.map((l) => l.step)).toEqual([4, 5, 6]);
    c.forEach((l, i) => expect(l.loss).toBeCloseTo(a[3 + i].loss, 5));
  });

  it('stops on a NaN loss with the step and batch ids, leaving the last checkpoint intact', async () => {
    const broken = examples.map((e) =>
      e.id === 'utt3' ? { ...e, features: e.features.map((v, i) => (i === 5 ? NaN : v)) } : e,
    );
    const out = join(dir, 'nan');
    const loop = denseLoop({ examples: broken, checkpoints: { dir: out, every: 1 } });
    const result = await loop.run(9);
    free(loop);
    expect(result.status).toBe('nan');
    expect(result.nan!.batchIds).toContain('utt3');
    expect(result.nan!.step).toBe(result.step + 1);
    const recorded = JSON.parse(readFileSync(join(out, `nan-step-${result.nan!.step}.json`), 'utf8')) as {
      batchIds: string[];
    };
    expect(recorded.batchIds).toContain('utt3');
    const last = checkpointsNewestFirst(out)[0];
    expect(last).toBe(checkpointBase(out, result.step));
    expect(statSync(`${last}.safetensors`).size).toBeGreaterThan(0);
    const params = initParams(config, 0);
    expect(loadWeights(last, params, config).step).toBe(result.step);
    const finite = Array.from(params.get('joiner.out.weight')!.dataSync()).every(Number.isFinite);
    expect(finite).toBe(true);
    disposeParams(params);
  });

  it('refuses a checkpoint of another architecture, naming the first mismatching tensor', async () => {
    const out = join(dir, 'arch');
    await losses(denseLoop({ checkpoints: { dir: out, every: 1 } }), 1);
    const base = checkpointBase(out, 1);
    const wider = tinyConfig({ vocabSize: 6, dModel: 32 });
    const other = denseLoop({ config: wider });
    expect(() => other.restore(readCheckpoint(base))).toThrow(
      /tensor 'model\.encoder\.subsampling\.out\.weight' has shape \[.*\], model expects \[.*\]/,
    );
    free(other);
    const otherVocab = tinyConfig({ vocabSize: 7, dropout: 0.1 });
    const p2 = initParams(otherVocab, 0);
    expect(() => loadWeights(base, p2, otherVocab)).toThrow(
      /'model\.predictor\.embedding\.weight'.*config\.vocabSize is 6 in the checkpoint, 7 in the model/,
    );
    disposeParams(p2);
    const sameShapes = tinyConfig({ vocabSize: 6, dropout: 0.1, segmentLength: 8 });
    const p3 = initParams(sameShapes, 0);
    expect(() => loadWeights(base, p3, sameShapes)).toThrow(
      /architecture mismatch \(config\.segmentLength is 4 in the checkpoint, 8 in the model\)/,
    );
    disposeParams(p3);
    writeFileSync(
      `${base}.json`,
      '{"step": 1, "seed": 99, "epoch": 0, "batchIndex": 1, "config": ' + JSON.stringify(config) + '}',
    );
    const seeded = denseLoop();
    expect(() => seeded.restore(readCheckpoint(base))).toThrow(/seed 99/);
    free(seeded);
  });

  it('rejects bad options and labels before training', async () => {
    const loop = denseLoop();
    await expect(loop.run(-1)).rejects.toThrow(/until/);
    free(loop);
    expect(() => denseLoop({ batchFrames: 0 })).toThrow(/batchFrames/);
    const bad = examples.map((e, i) => (i === 2 ? { ...e, tokens: [1, 9] } : e));
    expect(() => collate(bad, 80, 6)).toThrow(/example 'utt2': label 9/);
  });

  it('lossAndGrads with masks: forward uses θ ⊙ m and the gradient is m ⊙ ∇L(θ ⊙ m)', async () => {
    const plain = tinyConfig({ vocabSize: 6 });
    const params = initParams(plain, 3);
    const batch = collate(examples.slice(0, 2), 80, 6);
    const names = ['encoder.layers.0.ffn.w1.weight', 'joiner.out.weight'];
    const masks = new Map(
      names.map((n, k) => {
        const p = params.get(n)!;
        const bits = Float32Array.from({ length: p.size }, (_, i) => ((i * 7 + k) % 3 === 0 ? 0 : 1));
        return [n, tf.tensor(bits, p.shape)];
      }),
    );
    const masked = await lossAndGrads(plain, params, batch, { masks });
    // oracle: a separate model holding θ ⊙ m, plain gradients, then multiplied by m
    const copy: ParamMap = initParams(plain, 3);
    for (const [n, m] of masks) copy.get(n)!.assign(tf.mul(copy.get(n)!, m));
    const reference = await lossAndGrads(plain, copy, batch);
    expect(masked.loss).toBeCloseTo(reference.loss, 4);
    for (const [n, m] of masks) {
      const got = masked.grads.get(n)!.dataSync();
      const want = tf.mul(reference.grads.get(n)!, m).dataSync();
      want.forEach((w, i) => expect(Math.abs(got[i] - w)).toBeLessThan(1e-5));
      m.dataSync().forEach((bit, i) => bit === 0 && expect(Math.abs(got[i])).toBe(0));
    }
    const other = 'encoder.layers.1.attn.wq.weight';
    const a = masked.grads.get(other)!.dataSync();
    const b = reference.grads.get(other)!.dataSync();
    a.forEach((x, i) => expect(Math.abs(x - b[i])).toBeLessThan(1e-5));
  });
});

describe('TrainingLoop, dense (cpu)', () => {
  beforeAll(async () => useBackend('cpu'));

  it('dense with a language sampler: a step descends Σ share · ∇L over its languages', async () => {
    // two languages, one batch each holding all of its examples; uniform shares 1/2 each
    const byLanguage = new Map([
      ['aa', examples.slice(0, 1)],
      ['bb', examples.slice(1)],
    ]);
    const lr = 1e-3;
    const params = initParams(config, 5);
    const before = new Map([...params].map(([n, p]) => [n, p.dataSync().slice()]));
    const reports: StepReport[] = [];
    const loop = new TrainingLoop({
      config,
      params,
      seed: 5,
      data: { byLanguage, sampling: { scheme: 'uniform', mode: 'all' } },
      batchFrames: 100_000,
      schedule: { kind: 'constant', lr },
      hooks: { onStep: (r) => reports.push(r) },
    });
    // the oracle: each language's loss and gradient on its own batch, at the initial weights
    const own = await Promise.all(
      [...byLanguage].map(([, ex]) => lossAndGrads(config, params, collate(ex, 80, 6))),
    );
    await loop.run(1);
    expect(reports[0].loss).toBeCloseTo(0.5 * own[0].loss + 0.5 * own[1].loss, 4);
    expect([...reports[0].losses.keys()]).toEqual(['aa', 'bb']);
    expect(reports[0].losses.get('aa')).toBeCloseTo(own[0].loss, 4);
    // Adam's first step moves each weight by −lr · sign(g) where |g| ≫ ε, so signs show the combined gradient
    let checked = 0;
    let differsFromOne = 0;
    for (const name of ['encoder.layers.0.ffn.w1.weight', 'joiner.out.weight']) {
      const a = own[0].grads.get(name)!.dataSync();
      const b = own[1].grads.get(name)!.dataSync();
      const after = params.get(name)!.dataSync();
      after.forEach((w, i) => {
        const g = 0.5 * a[i] + 0.5 * b[i];
        if (Math.abs(g) < 1e-4) return;
        checked++;
        expect(Math.sign(w - before.get(name)![i])).toBe(-Math.sign(g));
        if (Math.sign(a[i]) !== Math.sign(g)) differsFromOne++;
      });
    }
    expect(checked).toBeGreaterThan(100);
    expect(differsFromOne).toBeGreaterThan(0);
    own.forEach((o) => tf.dispose([...o.grads.values()]));
    free(loop);
  });

  it('is deterministic for a seed and changes with it', async () => {
    const run = async (seed: number): Promise<number[]> =>
      (await losses(denseLoop({ seed }), 3)).map((l) => l.loss);
    const a = await run(5);
    expect(await run(5)).toEqual(a);
    expect(await run(6)).not.toEqual(a);
  });
});
