import { tf } from '../tf';

export type RnntReduction = 'none' | 'mean' | 'sum';
export const RNNT_REDUCTIONS: readonly RnntReduction[] = ['none', 'mean', 'sum'];

/** The loss value of per-utterance losses under `reduction`: [B] for 'none', else the sum or the mean over B. */
export function reduceLosses(losses: Float64Array, reduction: RnntReduction): tf.Tensor {
  if (reduction === 'none') return tf.tensor1d(Float32Array.from(losses));
  let total = 0;
  for (const loss of losses) total += loss;
  return tf.scalar(reduction === 'sum' ? total : total / losses.length);
}

/** Gradient scale of each utterance for the upstream gradient `dy` of {@link reduceLosses}' value. */
export function utteranceScales(dy: tf.Tensor, reduction: RnntReduction, batch: number): Float64Array {
  const values = dy.dataSync();
  const scales = new Float64Array(batch);
  for (let b = 0; b < batch; b++) {
    scales[b] = reduction === 'none' ? values[b] : reduction === 'sum' ? values[0] : values[0] / batch;
  }
  return scales;
}
