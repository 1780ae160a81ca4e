/**
 * A pathways training run on the PyTorch runner against the engine's training loop: the same batches (the ported
 * batch plan and language sampler), the same per-step losses, and a checkpoint of the PyTorch run that the
 * engine's loop resumes from and continues as it would its own. Skipped, with the reason, where /usr/bin/python3
 * has no torch.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { safeTensor, writeSafetensorsFile } from '../../src/engine/io/safetensors';
import { initParams } from '../../src/engine/model/params';
import { shapesOf } from '../../src/engine/prune/param-map';
import { selectPrunable } from '../../src/engine/prune/prunable';
import { randomPathwayMasks } from '../../src/engine/prune/random-mask';
import type { TrainingExample } from '../../src/engine/train/corpus';
import { TrainingLoop, type TrainingLoopOptions } from '../../src/engine/train/loop';
import { useTestBackend } from '../helpers/backend';
import { tempDir } from '../helpers/tmp';
import { tinyConfig } from '../engine/model/fixtures';
import { syntheticCorpus, TRANSCRIPTS } from '../engine/train/synthetic';
import { runPython, torchMissing } from './python';

const missing = torchMissing();
const config = tinyConfig({ vocabSize: 6 });
const SEED = 7;
const examples = syntheticCorpus([...TRANSCRIPTS, [1, 1, 2], [5, 4], [3, 3, 1], [2, 5, 4, 1]]);
const byLanguage = new Map([
  ['en', examples.slice(0, 4)],
  ['fr', examples.slice(4)],
]);
const sampling = { scheme: 'uniform', mode: 'sample', batchesPerStep: 2, seed: 2 } as const;
const schedule = { kind: 'tri-stage', peak: 3e-3, warmupSteps: 2, holdSteps: 1, decaySteps: 4 } as const;

function writeCorpus(path: string, utterances: readonly TrainingExample[]): void {
  const offsets = (counts: number[]): Int32Array =>
    Int32Array.from([0, ...counts.map((_, i) => counts.slice(0, i + 1).reduce((a, b) => a + b))]);
  const frames = utterances.map((u) => u.frames);
  const labels = utterances.map((u) => u.tokens.length);
  const features = new Float32Array(frames.reduce((a, b) => a + b) * config.inputDim);
  let at = 0;
  for (const u of utterances) {
    features.set(u.features, at);
    at += u.features.length;
  }
  writeSafetensorsFile(
    path,
    new Map([
      ['features', safeTensor(features, [features.length / config.inputDim, config.inputDim])],
      ['frameOffsets', safeTensor(offsets(frames), [frames.length + 1])],
      [
        'targets',
        safeTensor(Int32Array.from(utterances.flatMap((u) => u.tokens)), [labels.reduce((a, b) => a + b)]),
      ],
      ['targetOffsets', safeTensor(offsets(labels), [labels.length + 1])],
    ]),
  );
}

function engineLoop(data: TrainingLoopOptions['data'], dir: string, losses: number[]): TrainingLoop {
  return new TrainingLoop({
    config,
    params: initParams(config, SEED),
    seed: SEED,
    data,
    batchFrames: 130,
    schedule,
    checkpoints: { dir, every: 2 },
    hooks: { onStep: (r) => void losses.push(r.loss) },
  });
}

describe.each(['pathways', 'dense'] as const)('%s training on the PyTorch runner', (kind) => {
  it('trains like the engine, and the engine resumes its checkpoint', async (context) => {
    if (missing) {
      console.log(`skipping PyTorch training parity: ${missing}`);
      return context.skip(missing);
    }
    await useTestBackend('cpu');
    const dir = tempDir('pathways-torch-training-');
    try {
      const shapes = shapesOf(initParams(config, SEED));
      const prunable = new Map(selectPrunable(shapes).map((n) => [n, shapes.get(n)!]));
      const masks = randomPathwayMasks(prunable, ['en', 'fr'], 0.5, 9);
      const data: TrainingLoopOptions['data'] =
        kind === 'pathways' ? { byLanguage, sampling, masks } : { examples: [...byLanguage.values()].flat() };
      for (const [language, utterances] of byLanguage) {
        writeCorpus(join(dir.path, `${language}.safetensors`), utterances);
        if (kind === 'pathways') masks.get(language)!.save(join(dir.path, `${language}-mask.safetensors`));
      }
      const spec = {
        model: config,
        seed: SEED,
        steps: 4,
        batchFrames: 130,
        data: Object.fromEntries([...byLanguage.keys()].map((l) => [l, join(dir.path, `${l}.safetensors`)])),
        ...(kind === 'pathways'
          ? {
              sampling,
              masks: Object.fromEntries(
                [...byLanguage.keys()].map((l) => [l, join(dir.path, `${l}-mask.safetensors`)]),
              ),
            }
          : {}),
        schedule,
        checkpoints: { dir: join(dir.path, 'torch-ckpt'), every: 2 },
        metrics: join(dir.path, 'metrics.jsonl'),
      };
      writeFileSync(join(dir.path, 'run.json'), JSON.stringify(spec));
      runPython(['-m', 'pathways_torch.train', '--config', join(dir.path, 'run.json')]);

      const engine: number[] = [];
      const ours = engineLoop(data, join(dir.path, 'engine-ckpt'), engine);
      await ours.run(4);
      const torch = readFileSync(spec.metrics, 'utf8')
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { loss: number }).loss);
      console.log(
        'per-step loss, engine vs PyTorch runner:',
        engine.map((l, i) => [l, torch[i]]),
      );
      expect(torch).toHaveLength(4);
      engine.forEach((loss, i) => expect(Math.abs(torch[i] - loss) / loss).toBeLessThan(1e-4));

      const continued: number[] = [];
      const resumed = engineLoop(data, spec.checkpoints.dir, continued);
      expect(resumed.resume().step).toBe(4);
      await resumed.run(6);
      await ours.run(6);
      console.log(
        'steps 5-6, engine throughout vs engine resumed from the PyTorch checkpoint:',
        engine.slice(4),
        continued,
      );
      continued.forEach((loss, i) =>
        expect(Math.abs(loss - engine[4 + i]) / engine[4 + i]).toBeLessThan(1e-4),
      );
      for (const loop of [ours, resumed]) {
        loop.params.forEach((p) => p.dispose());
        loop.dispose();
      }
    } finally {
      dir.cleanup();
    }
  });
});
