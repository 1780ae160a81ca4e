import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initParams, disposeParams } from '../../../src/engine/model/params';
import { AdamW } from '../../../src/engine/train/adamw';
import { checkpointBase, latestCheckpoint, loadCheckpoint } from '../../../src/engine/train/checkpoint';
import { arrayCorpus, collate } from '../../../src/engine/train/corpus';
import { lossAndGrads } from '../../../src/engine/train/loss-and-grads';
import { Trainer, type TrainerOptions } from '../../../src/engine/train/trainer';
import { tf } from '../../../src/engine/tf';
import { tinyConfig, useBackend } from '../model/fixtures';
import { syntheticCorpus, TRANSCRIPTS } from './synthetic';

const config = tinyConfig({ vocabSize: 6, dropout: 0.1 });
const examples = syntheticCorpus(TRANSCRIPTS);

function options(overrides: Partial<TrainerOptions> = {}): TrainerOptions {
  return {
    config,
    corpus: arrayCorpus(examples),
    seed: 5,
    maxSteps: 6,
    batchFrames: 110, // 3 batches per epoch, so runs cross an epoch boundary
    schedule: { kind: 'warmup-inverse-sqrt', peak: 3e-3, warmupSteps: 3 },
    ...overrides,
  };
}

describe('Trainer (wasm)', () => {
  let dir: string;
  beforeAll(async () => {
    await useBackend('wasm');
    dir = mkdtempSync(join(tmpdir(), 'trainer-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is deterministic, resumes exactly, leaks no tensors, calls its hooks', async () => {
    const counts: number[] = [];
    const lrs: number[] = [];
    const validated: number[] = [];
    const first = new Trainer(
      options({
        checkpointDir: join(dir, 'a'),
        checkpointEvery: 3,
        validateEvery: 2,
        onValidate: ({ step }) => void validated.push(step),
        onProgress: (p) => {
          counts.push(tf.memory().numTensors);
          lrs.push(p.lr);
          expect(p.audioSecondsPerSecond).toBeGreaterThan(0);
        },
      }),
    );
    const a = await first.run();
    expect(a.status).toBe('completed');
    expect(a.losses.map((l) => l.step)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(new Set(counts.slice(1)).size).toBe(1);
    expect(validated).toEqual([2, 4, 6]);
    expect(lrs[0]).toBeCloseTo(1e-3, 8);
    expect(lrs[5]).toBeCloseTo(3e-3 * Math.sqrt(3 / 6), 8);
    expect(latestCheckpoint(join(dir, 'a'))).toBe(checkpointBase(join(dir, 'a'), 6));
    first.dispose();

    const second = new Trainer(options());
    const b = await second.run();
    second.dispose();
    expect(b.losses).toEqual(a.losses);

    const resumed = Trainer.resume(options(), checkpointBase(join(dir, 'a'), 3));
    expect(resumed.completedSteps).toBe(3);
    const c = await resumed.run();
    resumed.dispose();
    expect(c.losses.map((l) => l.step)).toEqual([4, 5, 6]);
    c.losses.forEach((l, i) => expect(l.loss).toBeCloseTo(a.losses[3 + i].loss, 5));
  });

  it('stops on a NaN loss with the step and batch ids, leaving the last checkpoint intact', async () => {
    const broken = examples.map((e) =>
      e.id === 'utt3' ? { ...e, features: e.features.map((v, i) => (i === 5 ? NaN : v)) } : e,
    );
    const out = join(dir, 'nan');
    const trainer = new Trainer(
      options({ corpus: arrayCorpus(broken), checkpointDir: out, checkpointEvery: 1, maxSteps: 9 }),
    );
    const result = await trainer.run();
    trainer.dispose();
    expect(result.status).toBe('nan');
    expect(result.nan!.batchIds).toContain('utt3');
    expect(result.nan!.step).toBe(result.step + 1);
    const recorded = JSON.parse(readFileSync(join(out, `nan-step-${result.nan!.step}.json`), 'utf8')) as {
      batchIds: string[];
    };
    expect(recorded.batchIds).toContain('utt3');
    const last = latestCheckpoint(out)!;
    expect(last).toBe(checkpointBase(out, result.step));
    expect(statSync(`${last}.safetensors`).size).toBeGreaterThan(0);
    const params = initParams(config, 0);
    expect(loadCheckpoint(last, params, undefined, config).step).toBe(result.step);
    const finite = Array.from(params.get('joiner.out.weight')!.dataSync()).every(Number.isFinite);
    expect(finite).toBe(true);
    disposeParams(params);
  });

  it('refuses a checkpoint of another architecture, naming the first mismatching tensor', async () => {
    const out = join(dir, 'arch');
    const trainer = new Trainer(options({ checkpointDir: out, maxSteps: 1 }));
    await trainer.run();
    trainer.dispose();
    const base = checkpointBase(out, 1);
    const wider = tinyConfig({ vocabSize: 6, dModel: 32 });
    const params = initParams(wider, 0);
    expect(() => loadCheckpoint(base, params, new AdamW(params), wider)).toThrow(
      /tensor 'model\.encoder\.subsampling\.out\.weight' has shape \[.*\], model expects \[.*\]/,
    );
    disposeParams(params);
    const otherVocab = tinyConfig({ vocabSize: 7, dropout: 0.1 });
    const p2 = initParams(otherVocab, 0);
    expect(() => loadCheckpoint(base, p2, undefined, otherVocab)).toThrow(
      /'model\.predictor\.embedding\.weight'.*config\.vocabSize is 6 in the checkpoint, 7 in the model/,
    );
    disposeParams(p2);
    const sameShapes = tinyConfig({ vocabSize: 6, dropout: 0.1, segmentLength: 8 });
    const p3 = initParams(sameShapes, 0);
    expect(() => loadCheckpoint(base, p3, undefined, sameShapes)).toThrow(
      /architecture mismatch \(config\.segmentLength is 4 in the checkpoint, 8 in the model\)/,
    );
    disposeParams(p3);
    writeFileSync(
      `${base}.json`,
      '{"step": 1, "seed": 99, "epoch": 0, "batchIndex": 1, "config": ' + JSON.stringify(config) + '}',
    );
    expect(() => Trainer.resume(options(), base)).toThrow(/seed 99/);
  });

  it('rejects bad options and labels before training', () => {
    expect(() => new Trainer(options({ maxSteps: -1 }))).toThrow(/maxSteps/);
    expect(() => new Trainer(options({ batchFrames: 0 }))).toThrow(/batchFrames/);
    const bad = examples.map((e, i) => (i === 2 ? { ...e, tokens: [1, 9] } : e));
    expect(() => collate(bad, 80, 6)).toThrow(/example 'utt2': label 9/);
  });

  it('lossAndGrads with masks: forward uses θ ⊙ m and the gradient is m ⊙ ∇L(θ ⊙ m)', () => {
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
    const masked = lossAndGrads(plain, params, batch, { masks });
    // oracle: a separate model holding θ ⊙ m, plain gradients, then multiplied by m
    const copy = initParams(plain, 3);
    for (const [n, m] of masks) copy.get(n)!.assign(tf.mul(copy.get(n)!, m));
    const reference = lossAndGrads(plain, copy, batch);
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

describe('Trainer (cpu)', () => {
  beforeAll(async () => useBackend('cpu'));

  it('is deterministic for a seed and changes with it', async () => {
    const run = async (seed: number): Promise<number[]> => {
      const trainer = new Trainer(options({ seed, maxSteps: 3 }));
      const result = await trainer.run();
      trainer.dispose();
      return result.losses.map((l) => l.loss);
    };
    const a = await run(5);
    expect(await run(5)).toEqual(a);
    expect(await run(6)).not.toEqual(a);
  });
});
