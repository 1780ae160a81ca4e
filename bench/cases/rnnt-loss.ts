/** RNN-T loss forward + backward (src/engine/loss) at B=8 T=150 U=40 V=256, as bench/torch/rnnt_loss.py. */
import { tf } from '../../src/engine/tf';
import { type BenchBackend, useBackend } from '../backends';
import { timeSteps } from '../measure';
import type { BenchResult } from '../protocol';

export const RNNT_LOSS_SHAPE = { batch: 8, frames: 150, labels: 40, vocab: 256 };

export async function benchRnntLoss(
  name: string,
  backend: BenchBackend,
  quick: boolean,
): Promise<BenchResult> {
  const { rnntLoss } = await import('../../src/engine/loss');
  await useBackend(backend);
  const { batch, frames, labels, vocab } = RNNT_LOSS_SHAPE;
  const logits = tf.randomNormal([batch, frames, labels + 1, vocab], 0, 1, 'float32', 3);
  const targets = tf.randomUniform([batch, labels], 1, vocab, 'int32', 4);
  const logitLengths = new Int32Array(batch).fill(frames);
  const targetLengths = new Int32Array(batch).fill(labels);
  const lossOf = (x: tf.Tensor): tf.Scalar =>
    rnntLoss({ logits: x, targets, logitLengths, targetLengths, blank: 0, reduction: 'mean' }) as tf.Scalar;
  let loss = NaN;
  const step = (): void => {
    const { value, grad } = tf.valueAndGrad(lossOf)(logits);
    loss = value.dataSync()[0];
    grad.dataSync();
    tf.dispose([value, grad]);
  };
  const timing = await timeSteps(step, 1, quick ? 3 : 10);
  return {
    name,
    status: 'ok',
    primary: { metric: 'msPerStep', value: timing.msPerStep, unit: 'ms fwd+bwd' },
    metrics: { msPerStep: timing.msPerStep, cpuMsPerStep: timing.cpuMsPerStep, loss },
    details: { backend, shape: RNNT_LOSS_SHAPE, samples: timing.samples },
  };
}
