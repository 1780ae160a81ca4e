/**
 * The PyTorch runner's pruned RNN-T loss (simple loss, pruning ranges, pruned lattice) against the engine's on the
 * same weights and batch. Skipped, with the reason, where /usr/bin/python3 has no torch.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSafetensorsFile, safeTensor, writeSafetensorsFile } from '../../src/engine/io/safetensors';
import { presetConfig } from '../../src/engine/model/config';
import { initParams } from '../../src/engine/model/params';
import type { PrunedBatchOptions } from '../../src/engine/model/pruned-batch-loss';
import { addSimpleJoiner } from '../../src/engine/model/simple-joiner';
import { lossAndGrads } from '../../src/engine/train/loss-and-grads';
import { tf } from '../../src/engine/tf';
import { useTestBackend } from '../helpers/backend';
import { tempDir } from '../helpers/tmp';
import { padBatch, randomFeatures } from '../engine/model/fixtures';
import { runPython, torchMissing } from './python';

const missing = torchMissing();
const SEED = 4;
const OPTIONS: Record<string, Omit<PrunedBatchOptions, 'onRanges'>> = {
  'range 2, LM and AM smoothing': {
    pruneRange: 2,
    lmScale: 0.25,
    amScale: 0.1,
    simpleLossScale: 0.5,
    prunedScale: 1,
  },
  'range 3, warm-up scale 0.1': {
    pruneRange: 3,
    lmScale: 0.25,
    amScale: 0,
    simpleLossScale: 0.5,
    prunedScale: 0.1,
  },
};

const maxAbs = (a: ArrayLike<number>): number => Array.from(a).reduce((m, x) => Math.max(m, Math.abs(x)), 0);

/** The key projection's bias has a zero gradient (softmax ignores a shift per query row): noise on both sides. */
const ANALYTICALLY_ZERO = /\.attn\.wk\.bias$/;

describe.each(Object.entries(OPTIONS))('pruned RNN-T loss parity: %s', (_, pruned) => {
  it('loss within 1e-4, gradients within 1e-3 of the engine', async (context) => {
    if (missing) {
      console.log(`skipping PyTorch pruned-loss parity: ${missing}`);
      return context.skip(missing);
    }
    await useTestBackend('cpu');
    const dir = tempDir('pathways-torch-pruned-');
    try {
      const config = presetConfig('tiny');
      const params = initParams(config, SEED);
      addSimpleJoiner(params, config, SEED);
      const featureLengths = [31, 23, 27];
      const batch = {
        features: padBatch(
          featureLengths.map((frames, b) => randomFeatures(frames, 80, 200 + b)),
          80,
        ),
        featureLengths,
        targets: tf.tensor2d([3, 1, 4, 1, 5, 2, 0, 0, 6, 6, 2, 0], [3, 4], 'int32'),
        targetLengths: [4, 2, 3],
      };
      writeSafetensorsFile(
        join(dir.path, 'weights.safetensors'),
        new Map([...params].map(([n, p]) => [n, safeTensor(p.dataSync() as Float32Array, [...p.shape])])),
      );
      writeSafetensorsFile(
        join(dir.path, 'batch.safetensors'),
        new Map([
          ['features', safeTensor(batch.features.dataSync() as Float32Array, [...batch.features.shape])],
          ['featureLengths', safeTensor(Int32Array.from(featureLengths), [3])],
          ['targets', safeTensor(batch.targets.dataSync() as Int32Array, [3, 4])],
          ['targetLengths', safeTensor(Int32Array.from(batch.targetLengths), [3])],
        ]),
      );
      writeFileSync(join(dir.path, 'case.json'), JSON.stringify({ config, pruned }));
      let range = 0;
      const engine = await lossAndGrads(config, params, batch, {
        pruned: { ...pruned, onRanges: (r) => (range = r.range) },
      });
      runPython([join(import.meta.dirname, 'pruned_side.py'), dir.path]);

      const python = readSafetensorsFile(join(dir.path, 'py-grads.safetensors'));
      const loss = Number(python.metadata.loss);
      const largest = Math.max(...[...engine.grads.values()].map((g) => maxAbs(g.dataSync())));
      const errors = [...engine.grads].map(([name, g]) => {
        const theirs = python.tensors.get(name)!.data as Float32Array;
        const ours = g.dataSync() as Float32Array;
        const diff = maxAbs(theirs.map((x, i) => x - ours[i]));
        return { name, error: ANALYTICALLY_ZERO.test(name) ? maxAbs(theirs) / largest : diff / maxAbs(ours) };
      });
      const worst = errors.reduce((a, b) => (b.error > a.error ? b : a));
      console.log(
        `range ${range}: loss engine ${engine.loss} torch ${loss}; worst gradient error ${worst.error} (${worst.name})`,
      );
      expect(Math.abs(loss - engine.loss) / engine.loss).toBeLessThan(1e-4);
      expect(errors.some((e) => e.name.startsWith('simple_am_proj'))).toBe(true);
      for (const { name, error } of errors) expect([name, error < 1e-3]).toEqual([name, true]);
      tf.dispose([...params.values(), ...engine.grads.values(), batch.features, batch.targets]);
    } finally {
      dir.cleanup();
    }
  });
});
