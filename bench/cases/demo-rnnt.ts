/**
 * Training step of the demo RNN-T model (src/engine/model preset 'demo', src/engine/train) on one
 * backend: a batch of 8 utterances × 750 feature frames (6000 padded frames, as the PyTorch reference's
 * reference batches) with 80 labels each; loss, gradients and an AdamW update. `loss` 'pruned' takes the pruned
 * RNN-T loss with its defaults after warm-up (simple loss × 0.5 + pruned loss × 1, range 5) instead of the full one;
 * `latticeRead` 'async' reads the lattice as the webgpu backend must (train/read-lattice-step.ts: a second forward).
 */
import { tf } from '../../src/engine/tf';
import { type BenchBackend, useBackend } from '../backends';
import { timeSteps } from '../measure';
import { type BenchResult, skipped } from '../protocol';
import type { LatticeRead } from '../../src/engine/train/loss-and-grads';

export const DEMO_BATCH = { batch: 8, frames: 750, labels: 80 };

/** Gradient kernels this model needs that stock tfjs-wasm lacks (src/engine/kernels adds them). */
const TRAINING_KERNELS = ['UnsortedSegmentSum', 'Conv2DBackpropFilter'];

export async function benchDemoRnnt(
  name: string,
  backend: BenchBackend,
  quick: boolean,
  loss: 'full' | 'pruned' = 'full',
  latticeRead: LatticeRead = 'sync',
): Promise<BenchResult> {
  const model = await import('../../src/engine/model');
  const train = await import('../../src/engine/train');
  await useBackend(backend);
  const missing = TRAINING_KERNELS.filter((kernel) => !tf.getKernel(kernel, tf.getBackend()));
  if (missing.length > 0)
    return skipped(name, `backend ${backend} cannot train this model: no ${missing.join(', ')} kernel`);
  const config = model.presetConfig('demo', { dropout: 0 });
  const params = model.initParams(config, 1);
  if (loss === 'pruned') model.addSimpleJoiner(params, config, 1);
  const { PRUNED_LOSS_DEFAULTS } = await import('../../src/engine/loss');
  const options = {
    latticeRead,
    ...(loss === 'pruned' ? { pruned: { ...PRUNED_LOSS_DEFAULTS, prunedScale: 1 } } : {}),
  };
  const optimizer = new train.AdamW(params);
  const { batch, frames, labels } = DEMO_BATCH;
  const rnntBatch = {
    features: tf.randomNormal([batch, frames, config.inputDim], 0, 1, 'float32', 5) as tf.Tensor3D,
    featureLengths: new Array<number>(batch).fill(frames),
    targets: tf.randomUniform([batch, labels], 1, config.vocabSize, 'int32', 6) as tf.Tensor2D,
    targetLengths: new Array<number>(batch).fill(labels),
  };
  const losses: number[] = [];
  const step = async (): Promise<void> => {
    const { loss, grads } = await train.lossAndGrads(config, params, rnntBatch, options);
    optimizer.step(grads, { lr: 1e-3 });
    tf.dispose([...grads.values()]);
    losses.push(loss);
  };
  const slow = backend !== 'wasm-kernels';
  const timing = await timeSteps(step, slow ? 0 : 1, quick || slow ? 1 : 5);
  const audioSeconds = (batch * frames) / 100;
  return {
    name,
    status: 'ok',
    primary: { metric: 'msPerStep', value: timing.msPerStep, unit: 'ms/step' },
    metrics: {
      msPerStep: timing.msPerStep,
      cpuMsPerStep: timing.cpuMsPerStep,
      audioSecondsPerSecond: audioSeconds / (timing.msPerStep / 1000),
      params: model.parameterCount(config),
    },
    details: { backend, loss, latticeRead, batch: DEMO_BATCH, samples: timing.samples, losses },
  };
}
