/**
 * The training step that reads its lattices asynchronously (train/read-lattice-step.ts, the webgpu path) against
 * the fused one on the same backend: losses and gradients agree for the full, banded and pruned losses, with
 * masks and dropout.
 */
import type { PruneRanges } from '../../../src/engine/loss/prune-ranges';
import { initParams, disposeParams, type ParamMap } from '../../../src/engine/model/params';
import { Dropout } from '../../../src/engine/model/layers';
import { addSimpleJoiner } from '../../../src/engine/model/simple-joiner';
import { lossAndGrads, type LossAndGradsOptions } from '../../../src/engine/train/loss-and-grads';
import { tf } from '../../../src/engine/tf';
import { useTestBackend } from '../../helpers/backend';
import { tinyConfig, twoUtteranceBatch } from '../model/fixtures';

const config = tinyConfig({ vocabSize: 6, dropout: 0.1 });
const PRUNED = { pruneRange: 3, lmScale: 0.25, amScale: 0.1, simpleLossScale: 0.5, prunedScale: 1 };

async function compare(params: ParamMap, options: LossAndGradsOptions): Promise<void> {
  const batch = twoUtteranceBatch();
  const fused = await lossAndGrads(config, params, batch, { ...options, latticeRead: 'sync' });
  const read = await lossAndGrads(config, params, batch, { ...options, latticeRead: 'async' });
  expect(read.loss).toBeCloseTo(fused.loss, 4);
  expect([...read.grads.keys()].sort()).toEqual([...fused.grads.keys()].sort());
  for (const [name, g] of fused.grads) {
    const want = g.dataSync();
    const got = read.grads.get(name)!.dataSync();
    const scale = Math.max(1e-3, ...Array.from(want, Math.abs));
    want.forEach((w, i) => expect(Math.abs(got[i] - w) / scale, name).toBeLessThan(1e-3));
  }
  tf.dispose([...fused.grads.values(), ...read.grads.values(), batch.features, batch.targets]);
}

describe('lossAndGrads, lattice read asynchronously = fused', () => {
  beforeAll(async () => useTestBackend());

  it('full lattice, with masks and dropout', async () => {
    const params = initParams(config, 3);
    const name = 'joiner.out.weight';
    const p = params.get(name)!;
    const mask = tf.tensor(
      Float32Array.from({ length: p.size }, (_, i) => (i % 3 === 0 ? 0 : 1)),
      p.shape,
    );
    await compare(params, { masks: new Map([[name, mask]]), dropout: new Dropout(0.1, 7) });
    mask.dispose();
    disposeParams(params);
  });

  it('diagonal band', async () => {
    const params = initParams(config, 4);
    await compare(params, { band: 3 });
    disposeParams(params);
  });

  it('pruned loss, and its simple loss alone (warm-up), telling the ranges', async () => {
    const params = initParams(config, 5);
    addSimpleJoiner(params, config, 5);
    const ranges: PruneRanges[] = [];
    const onRanges = (r: PruneRanges): number => ranges.push(r);
    await compare(params, { pruned: { ...PRUNED, onRanges } });
    await compare(params, { pruned: { ...PRUNED, prunedScale: 0 } });
    expect(ranges).toHaveLength(2); // fused, then read: the same ranges
    expect(ranges[1]).toEqual(ranges[0]);
    disposeParams(params);
  });
});
