/**
 * The webgpu backend on SwiftShader: selection (auto refuses a software adapter, a forced 'webgpu' takes it and
 * records it), the lattice read asynchronously on webgpu against the cpu's fused loss, and training steps of the
 * tiny preset against the cpu's. Each result on cpu is computed first: webgpu tensors cannot be read synchronously,
 * so nothing moves from webgpu to cpu.
 */
import { selectBackend } from '../../src/engine/backend';
import { initParams, disposeParams } from '../../src/engine/model/params';
import type { RnntBatch } from '../../src/engine/model/rnnt-model';
import { addSimpleJoiner } from '../../src/engine/model/simple-joiner';
import { lossAndGrads, type LossAndGradsOptions } from '../../src/engine/train/loss-and-grads';
import { TrainingLoop, type StepReport } from '../../src/engine/train/loop';
import type { RnntLossOptions } from '../../src/engine/loss/pruned-options';
import { tf } from '../../src/engine/tf';
import { takeDeviceErrors } from '../../src/engine/webgpu';
import { padBatch, randomFeatures, tinyConfig } from '../engine/model/fixtures';
import { syntheticCorpus, TRANSCRIPTS } from '../engine/train/synthetic';
import { swiftShaderSkipReason } from './swiftshader';

const skip = swiftShaderSkipReason();
const config = tinyConfig({ vocabSize: 6 });
const PRUNED = { pruneRange: 3, lmScale: 0.25, amScale: 0, simpleLossScale: 0.5, prunedScale: 1 };

function batchOf(): RnntBatch {
  return {
    features: padBatch([randomFeatures(40, 80, 3), randomFeatures(30, 80, 4)], 80),
    featureLengths: [40, 30],
    targets: tf.tensor2d([1, 2, 3, 5, 1, 0], [2, 3], 'int32'),
    targetLengths: [3, 2],
  };
}

/** Loss and gradients on the active backend, read back. */
async function lossAndGradients(pruned: boolean, options: LossAndGradsOptions) {
  const params = initParams(config, 3);
  if (pruned) addSimpleJoiner(params, config, 3);
  const batch = batchOf();
  const { loss, grads } = await lossAndGrads(config, params, batch, options);
  const values = new Map<string, Float32Array>();
  for (const [name, g] of grads) values.set(name, (await g.data()) as Float32Array);
  tf.dispose([...grads.values(), batch.features, batch.targets]);
  disposeParams(params);
  return { loss, values };
}

/** Loss and gradient norm of each of `steps` training steps of the tiny preset on the active backend. */
async function trainingSteps(loss: RnntLossOptions, steps: number): Promise<number[][]> {
  const reports: StepReport[] = [];
  const params = initParams(config, 5);
  const loop = new TrainingLoop({
    config,
    params,
    seed: 5,
    data: { examples: syntheticCorpus(TRANSCRIPTS.slice(0, 3)) },
    batchFrames: 120,
    schedule: { kind: 'constant', lr: 3e-3 },
    loss,
    hooks: { onStep: (r) => reports.push(r) },
  });
  await loop.run(steps);
  loop.dispose();
  disposeParams(params);
  return reports.map((r) => [r.loss, r.gradNorm]);
}

describe.skipIf(skip !== undefined)(`webgpu on SwiftShader${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it('auto refuses the software adapter; a forced webgpu takes it and records it', async () => {
    const auto = await selectBackend('auto');
    expect(auto.name).not.toBe('webgpu');
    expect(auto.skipped.find((s) => s.startsWith('webgpu:'))).toMatch(/swiftshader is a software renderer/);
    const forced = await selectBackend('webgpu');
    expect(forced.name).toBe('webgpu');
    expect(tf.getBackend()).toBe('webgpu');
    expect(forced.adapter).toMatchObject({ vendor: 'google', architecture: 'swiftshader', software: true });
    expect(forced.adapter!.limits.maxBufferSize).toBeGreaterThan(0);
    expect(forced.adapter!.limits.maxComputeInvocationsPerWorkgroup).toBeGreaterThan(0);
  });

  it("reports the device's uncaptured errors (an invalid pipeline computes garbage, throwing nothing)", async () => {
    await selectBackend('webgpu');
    takeDeviceErrors();
    const terms = Array.from({ length: 12 }, (_, i) => tf.scalar(i)); // AddN binds 13 buffers; the limit is 8
    const sum = tf.addN(terms);
    await sum.data();
    expect(takeDeviceErrors()[0]).toMatch(/storage buffers/);
    expect(takeDeviceErrors()).toEqual([]);
    tf.dispose([...terms, sum]);
  });

  for (const pruned of [false, true]) {
    it(`${pruned ? 'pruned' : 'full'} loss and gradients on webgpu equal cpu's`, async () => {
      const options = pruned ? { pruned: PRUNED } : {};
      await selectBackend('cpu');
      const want = await lossAndGradients(pruned, options);
      await selectBackend('webgpu');
      const got = await lossAndGradients(pruned, options);
      expect(Math.abs(got.loss - want.loss) / want.loss).toBeLessThan(1e-5);
      expect([...got.values.keys()].sort()).toEqual([...want.values.keys()].sort());
      for (const [name, w] of want.values) {
        const g = got.values.get(name)!;
        const scale = Math.max(1e-3, ...Array.from(w, Math.abs));
        w.forEach((x, i) => expect(Math.abs(g[i] - x) / scale, name).toBeLessThan(1e-3));
      }
    }, 300_000);
  }

  for (const kind of ['full', 'pruned'] as const) {
    it(`two training steps of the tiny preset with the ${kind} loss match cpu's (loss, gradient norm)`, async () => {
      const loss: RnntLossOptions = kind === 'full' ? { kind } : { kind, ...PRUNED, warmupSteps: 0 };
      await selectBackend('cpu');
      const want = await trainingSteps(loss, 2);
      await selectBackend('webgpu');
      const got = await trainingSteps(loss, 2);
      expect(got).toHaveLength(2);
      got.forEach((step, i) =>
        step.forEach((value, j) => expect(Math.abs(value - want[i][j]) / want[i][j]).toBeLessThan(1e-3)),
      );
    }, 300_000);
  }
});
