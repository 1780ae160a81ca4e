/**
 * The PyTorch runner (python/pathways_torch) against the engine on the cpu backend: the same initial weights for a
 * seed, the same loss and gradients on the same weights and batch, and checkpoints that move both ways. Skipped,
 * with the reason, where /usr/bin/python3 has no torch.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSafetensorsFile, safeTensor, writeSafetensorsFile } from '../../src/engine/io/safetensors';
import { parseRnntConfig, presetConfig, type RnntConfigInput } from '../../src/engine/model/config';
import { initParams, type ParamMap } from '../../src/engine/model/params';
import type { RnntBatch } from '../../src/engine/model/rnnt-model';
import { shapesOf } from '../../src/engine/prune/param-map';
import { selectPrunable } from '../../src/engine/prune/prunable';
import { randomPathwayMasks } from '../../src/engine/prune/random-mask';
import { AdamW } from '../../src/engine/train/adamw';
import {
  checkpointBase,
  loadWeights,
  readCheckpoint,
  writeCheckpoint,
} from '../../src/engine/train/checkpoint';
import { lossAndGrads } from '../../src/engine/train/loss-and-grads';
import { tf } from '../../src/engine/tf';
import { useTestBackend } from '../helpers/backend';
import { tempDir } from '../helpers/tmp';
import { padBatch, randomFeatures } from '../engine/model/fixtures';
import { runPython, torchMissing } from './python';

const SEED = 11;
const STEP = 3;
const missing = torchMissing();

const CASES: Record<string, Partial<RnntConfigInput>> = {
  'tiny preset': {},
  'conv module, look-ahead, LSTM predictor': {
    convModule: true,
    lookAhead: 1,
    predictor: { kind: 'lstm', context: 2, embeddingDim: 24, hiddenDim: 32, layers: 2 },
  },
};

function batchOf(): RnntBatch {
  const featureLengths = [31, 23];
  return {
    features: padBatch(
      featureLengths.map((frames, b) => randomFeatures(frames, 80, 100 + b)),
      80,
    ),
    featureLengths,
    targets: tf.tensor2d([3, 1, 4, 5, 2, 0], [2, 3], 'int32'),
    targetLengths: [3, 2],
  };
}

async function writeCase(
  dir: string,
  overrides: Partial<RnntConfigInput>,
): Promise<{ params: ParamMap; batch: RnntBatch }> {
  const config = presetConfig('tiny', overrides);
  const params = initParams(config, SEED);
  const batch = batchOf();
  writeSafetensorsFile(
    join(dir, 'weights.safetensors'),
    new Map([...params].map(([n, p]) => [n, safeTensor(p.dataSync() as Float32Array, [...p.shape])])),
  );
  writeSafetensorsFile(
    join(dir, 'batch.safetensors'),
    new Map([
      ['features', safeTensor(batch.features.dataSync() as Float32Array, [...batch.features.shape])],
      ['featureLengths', safeTensor(Int32Array.from(batch.featureLengths), [2])],
      ['targets', safeTensor(batch.targets.dataSync() as Int32Array, [...batch.targets.shape])],
      ['targetLengths', safeTensor(Int32Array.from(batch.targetLengths), [2])],
    ]),
  );
  // A training checkpoint: the initial weights, the moments of one AdamW step (on other weights), masks, sampler.
  const moved = initParams(config, SEED);
  const optimizer = new AdamW(moved);
  optimizer.step((await lossAndGrads(config, moved, batch)).grads);
  const shapes = shapesOf(params);
  const prunable = new Map(selectPrunable(shapes).map((n) => [n, shapes.get(n)!]));
  await writeCheckpoint(
    checkpointBase(join(dir, 'engine-ckpt'), STEP),
    { params, step: STEP, seed: SEED, config },
    {
      tensors: await optimizer.exportState(),
      sampler: { streams: { en: { epoch: 1, index: 2 }, fr: { epoch: 0, index: 5 } }, random: 12345 },
      masks: randomPathwayMasks(prunable, ['en', 'fr'], 0.5, 9),
      job: { round: 2 },
    },
  );
  tf.dispose([...moved.values()]);
  optimizer.dispose();
  writeFileSync(join(dir, 'case.json'), JSON.stringify({ config, seed: SEED, step: STEP }));
  return { params, batch };
}

const maxAbs = (a: ArrayLike<number>): number => Array.from(a).reduce((m, x) => Math.max(m, Math.abs(x)), 0);

/** max |a − b| / max |b| over a tensor. */
function normalisedError(a: Float32Array, b: Float32Array): number {
  return maxAbs(a.map((x, i) => x - b[i])) / maxAbs(b);
}

/**
 * The key projection's bias adds the same q·b to every score of a query row, which softmax ignores: its gradient is
 * zero, and both sides hold rounding noise there, which is checked to be noise instead.
 */
const ANALYTICALLY_ZERO = /\.attn\.wk\.bias$/;

describe.each(Object.entries(CASES))('PyTorch runner parity: %s', (_, overrides) => {
  it('same initial weights, loss within 1e-4, gradients within 1e-3, checkpoints both ways', async (context) => {
    if (missing) {
      console.log(`skipping PyTorch parity: ${missing}`);
      return context.skip(missing);
    }
    await useTestBackend('cpu');
    const dir = tempDir('pathways-torch-parity-');
    try {
      const { params, batch } = await writeCase(dir.path, overrides);
      const engine = await lossAndGrads(presetConfig('tiny', overrides), params, batch);
      runPython([join(import.meta.dirname, 'parity_side.py'), dir.path]);

      const init = readSafetensorsFile(join(dir.path, 'py-init.safetensors')).tensors;
      for (const [name, p] of params)
        expect([name, [...init.get(name)!.data]]).toEqual([name, [...p.dataSync()]]);

      const python = readSafetensorsFile(join(dir.path, 'py-grads.safetensors'));
      const loss = Number(python.metadata.loss);
      expect(Math.abs(loss - engine.loss) / engine.loss).toBeLessThan(1e-4);
      const largest = Math.max(...[...engine.grads.values()].map((g) => maxAbs(g.dataSync())));
      const errors = [...engine.grads].map(([name, g]) => {
        const theirs = python.tensors.get(name)!.data as Float32Array;
        if (!ANALYTICALLY_ZERO.test(name))
          return { name, error: normalisedError(theirs, g.dataSync() as Float32Array) };
        return { name, error: Math.max(maxAbs(theirs), maxAbs(g.dataSync())) / largest };
      });
      const worst = errors.reduce((a, b) => (b.error > a.error ? b : a));
      console.log(
        `loss engine ${engine.loss} torch ${loss}; worst gradient error ${worst.error} (${worst.name})`,
      );
      for (const { name, error } of errors) expect([name, error < 1e-3]).toEqual([name, true]);

      const ours = readCheckpoint(checkpointBase(join(dir.path, 'engine-ckpt'), STEP));
      const theirs = readCheckpoint(checkpointBase(join(dir.path, 'py-ckpt'), STEP));
      expect([...theirs.tensors.keys()].sort()).toEqual([...ours.tensors.keys()].sort());
      for (const [name, t] of ours.tensors) {
        const other = theirs.tensors.get(name)!;
        expect([name, other.dtype, other.shape, [...other.data]]).toEqual([
          name,
          t.dtype,
          t.shape,
          [...t.data],
        ]);
      }
      expect(theirs.config).toEqual(ours.config);
      expect(theirs.training!.sampler).toEqual(ours.training!.sampler);
      expect(theirs.training!.job).toEqual(ours.training!.job);
      for (const [key, mask] of ours.training!.masks)
        expect(theirs.training!.masks.get(key)!.equals(mask)).toBe(true);
      const loaded = initParams(presetConfig('tiny', overrides), SEED + 1);
      loadWeights(checkpointBase(join(dir.path, 'py-ckpt'), STEP), loaded, presetConfig('tiny', overrides));
      for (const [name, p] of params)
        expect([name, [...loaded.get(name)!.dataSync()]]).toEqual([name, [...p.dataSync()]]);
      tf.dispose([
        ...params.values(),
        ...loaded.values(),
        ...engine.grads.values(),
        batch.features,
        batch.targets,
      ]);
    } finally {
      dir.cleanup();
    }
  });
});

it('fills in the same config defaults as the engine, so its checkpoints carry the config the app compares', (context) => {
  if (missing) return context.skip(missing);
  const partial = {
    dModel: 16,
    heads: 2,
    ffnDim: 32,
    layers: 1,
    segmentLength: 4,
    leftContext: 1,
    joinerDim: 16,
    vocabSize: 8,
    predictor: { kind: 'stateless', embeddingDim: 16 },
  } as const;
  const script = `import json, sys\nfrom pathways_torch.config import parse_config\nprint(json.dumps(parse_config(json.loads(sys.argv[1]))))`;
  const filled = JSON.parse(runPython(['-c', script, JSON.stringify(partial)])) as unknown;
  expect(filled).toEqual(parseRnntConfig(partial));
});
