import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prunedLossScale } from '../../../src/engine/loss/pruned-options';
import { initParams, disposeParams } from '../../../src/engine/model/params';
import { rnntBatchLoss, type BatchLossOptions } from '../../../src/engine/model/rnnt-model';
import { addSimpleJoiner } from '../../../src/engine/model/simple-joiner';
import { loadWeights } from '../../../src/engine/train/checkpoint';
import { shapesOf } from '../../../src/engine/prune/param-map';
import { selectPrunable } from '../../../src/engine/prune/prunable';
import { randomPathwayMasks } from '../../../src/engine/prune/random-mask';
import { TrainingLoop, type StepReport, type TrainingLoopOptions } from '../../../src/engine/train/loop';
import { tf } from '../../../src/engine/tf';
import { useTestBackend } from '../../helpers/backend';
import { randomFeatures, tinyConfig, twoUtteranceBatch } from '../model/fixtures';
import { syntheticCorpus, TRANSCRIPTS } from './synthetic';

const config = tinyConfig({ vocabSize: 6 });
const PRUNED = { pruneRange: 5, lmScale: 0.25, amScale: 0, simpleLossScale: 0.5, warmupSteps: 0 };

function loopOptions(overrides: Partial<TrainingLoopOptions> = {}): TrainingLoopOptions {
  return {
    config,
    params: initParams(config, 5),
    seed: 5,
    data: { examples: syntheticCorpus(TRANSCRIPTS) },
    batchFrames: 110,
    schedule: { kind: 'warmup-inverse-sqrt', peak: 3e-3, warmupSteps: 3 },
    ...overrides,
  };
}

describe('pruned RNN-T loss in the model and the training loop', () => {
  beforeAll(async () => useTestBackend());

  it('with pruneRange ≥ U + 1 the pruned loss and its gradients equal the full loss', () => {
    const params = initParams(config, 10);
    addSimpleJoiner(params, config, 10);
    const batch = twoUtteranceBatch();
    const names = [...params.keys()].filter(
      (n) => n.startsWith('joiner.') || n.startsWith('encoder.layers.1'),
    );
    const variables = names.map((n) => params.get(n)!);
    const run = (options: BatchLossOptions) =>
      tf.variableGrads(() => rnntBatchLoss(config, params, batch, options) as tf.Scalar, variables);
    const full = run({});
    for (const pruneRange of [5, 9]) {
      const pruned = run({ pruned: { ...PRUNED, pruneRange, simpleLossScale: 0, prunedScale: 1 } });
      expect(pruned.value.dataSync()[0]).toBeCloseTo(full.value.dataSync()[0], 4);
      for (const v of variables) {
        const a = full.grads[v.name].dataSync();
        const b = pruned.grads[v.name].dataSync();
        a.forEach((g, i) => expect(Math.abs(g - b[i])).toBeLessThan(1e-4 + 1e-3 * Math.abs(g)));
      }
      tf.dispose([pruned.value, ...Object.values(pruned.grads)]);
    }
    tf.dispose([full.value, ...Object.values(full.grads), batch.features, batch.targets]);
    disposeParams(params);
  });

  it('total = simpleLossScale · simple + prunedScale · pruned; a narrow range bounds the full loss from above', () => {
    const params = initParams(config, 10);
    addSimpleJoiner(params, config, 10);
    const batch = twoUtteranceBatch();
    const value = (options: BatchLossOptions) =>
      tf.tidy(() => rnntBatchLoss(config, params, batch, options).dataSync()[0]);
    const simple = value({ pruned: { ...PRUNED, pruneRange: 2, simpleLossScale: 1, prunedScale: 0 } });
    const pruned = value({ pruned: { ...PRUNED, pruneRange: 2, simpleLossScale: 0, prunedScale: 1 } });
    const both = value({ pruned: { ...PRUNED, pruneRange: 2, simpleLossScale: 0.5, prunedScale: 0.1 } });
    expect(both).toBeCloseTo(0.5 * simple + 0.1 * pruned, 4);
    expect(pruned).toBeGreaterThanOrEqual(value({}) - 1e-4);
    tf.dispose([batch.features, batch.targets]);
    disposeParams(params);
  });

  it("warm-up follows icefall's pruned_transducer_stateless2: 0 before W, 0.1 before 2W, then 1", () => {
    expect([1, 99, 100, 199, 200, 1000].map((s) => prunedLossScale(s, 100))).toEqual([0, 0, 0.1, 0.1, 1, 1]);
    expect(prunedLossScale(1, 0)).toBe(1);
  });

  it('rejects bad options naming the field before training', () => {
    const cases: [Partial<typeof PRUNED>, RegExp][] = [
      [{ pruneRange: 1 }, /loss\.pruneRange/],
      [{ lmScale: -0.1 }, /loss\.lmScale/],
      [{ amScale: -1 }, /loss\.amScale/],
      [{ simpleLossScale: -0.5 }, /loss\.simpleLossScale/],
      [{ warmupSteps: -1 }, /loss\.warmupSteps/],
    ];
    for (const [bad, message] of cases) {
      const options = loopOptions({ loss: { kind: 'pruned', ...PRUNED, ...bad } });
      expect(() => new TrainingLoop(options)).toThrow(message);
      disposeParams(options.params);
    }
  });

  it('trains with the pruned loss, adding the simple joiner, and reports raised ranges', async () => {
    const reports: StepReport[] = [];
    const options = loopOptions({
      loss: { kind: 'pruned', ...PRUNED, pruneRange: 2, warmupSteps: 1 },
      hooks: { onStep: (r) => reports.push(r) },
    });
    const loop = new TrainingLoop(options);
    expect(loop.params.has('simple_am_proj.weight')).toBe(true);
    expect(loop.params.get('simple_lm_proj.weight')!.shape).toEqual([48, 6]);
    const result = await loop.run(3);
    expect(result.status).toBe('completed');
    expect(reports.every((r) => Number.isFinite(r.loss))).toBe(true);
    loop.dispose();
    disposeParams(loop.params);

    // 3 encoder frames for 6 labels: range 2 cannot emit them, so it is raised and reported.
    const short = [
      { id: 'short', features: randomFeatures(16, 80, 9), frames: 16, tokens: [1, 2, 3, 4, 5, 1] },
    ];
    const raised: StepReport[] = [];
    const tight = new TrainingLoop(
      loopOptions({
        data: { examples: short },
        loss: { kind: 'pruned', ...PRUNED, pruneRange: 2, warmupSteps: 0 },
        hooks: { onStep: (r) => raised.push(r) },
      }),
    );
    await tight.run(1);
    expect(raised[0].raisedRanges?.utterances).toBe(1);
    expect(raised[0].raisedRanges!.range).toBeGreaterThan(2);
    tight.dispose();
    disposeParams(tight.params);
  });

  it('a pruned run resumes exactly (simple joiner included) and its checkpoint loads into a model without it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pruned-'));
    const make = () =>
      new TrainingLoop(
        loopOptions({
          loss: { kind: 'pruned', ...PRUNED, warmupSteps: 1 },
          checkpoints: { dir, every: 2 },
        }),
      );
    const straight = make();
    await straight.run(4);
    const expected = straight.params.get('simple_am_proj.weight')!.dataSync().slice();
    const last = straight.lastCheckpoint!;
    straight.dispose();
    disposeParams(straight.params);
    rmSync(last + '.safetensors', { force: true });
    rmSync(last + '.json', { force: true });
    const resumed = make();
    expect(resumed.resume().step).toBe(2);
    await resumed.run(4);
    const got = resumed.params.get('simple_am_proj.weight')!.dataSync();
    expect(Array.from(got)).toEqual(Array.from(expected));
    const model = initParams(config, 0);
    expect(() => loadWeights(resumed.lastCheckpoint!, model, config)).not.toThrow();
    expect(model.has('simple_am_proj.weight')).toBe(false);
    resumed.dispose();
    disposeParams(resumed.params);
    disposeParams(model);
    rmSync(dir, { recursive: true, force: true });
  });

  it('masked training (dynamic pathways) trains with the pruned loss; the simple joiner stays unmasked', async () => {
    const params = initParams(config, 7);
    const shapes = shapesOf(params);
    const prunable = new Map(selectPrunable(shapes).map((n) => [n, shapes.get(n)!]));
    const examples = syntheticCorpus(TRANSCRIPTS);
    const before = params.get('joiner.out.weight')!.dataSync().slice();
    const loop = new TrainingLoop(
      loopOptions({
        params,
        seed: 7,
        data: {
          byLanguage: new Map([
            ['en', examples.slice(0, 2)],
            ['fr', examples.slice(2)],
          ]),
          sampling: { scheme: 'uniform', mode: 'sample', batchesPerStep: 2, seed: 2 },
          masks: randomPathwayMasks(prunable, ['en', 'fr'], 0.5, 9),
          dynamic: {
            schedule: { initialSparsity: 0.5, finalSparsity: 0.6, startStep: 0, every: 2, count: 1 },
            totalSteps: 4,
            score: 'shadow',
            shadowLr: 1e-3,
          },
        },
        loss: { kind: 'pruned', ...PRUNED, warmupSteps: 1 },
      }),
    );
    const simpleBefore = params.get('simple_lm_proj.weight')!.dataSync().slice();
    const result = await loop.run(4);
    expect(result.status).toBe('completed');
    expect(Array.from(params.get('simple_lm_proj.weight')!.dataSync())).not.toEqual(Array.from(simpleBefore));
    expect(Array.from(params.get('joiner.out.weight')!.dataSync())).not.toEqual(Array.from(before));
    loop.dispose();
    disposeParams(params);
  });
});
