import { rnntLoss, type RnntReduction } from '../loss/rnnt';
import { tf } from '../tf';
import type { RnntConfig } from './config';
import { encode } from './encoder';
import { join } from './joiner';
import { NO_DROPOUT, type Dropout } from './layers';
import type { ParamSource } from './params';
import { predict } from './predictor';

/** A padded training batch. Blank is id 0; targets hold ids ≥ 1 (padding beyond targetLengths is ignored). */
export interface RnntBatch {
  /** [B, T, inputDim] float32 features, zero-padded. */
  features: tf.Tensor3D;
  featureLengths: number[];
  /** [B, U] int32 label ids. */
  targets: tf.Tensor2D;
  targetLengths: number[];
}

export const BLANK = 0;

/** Joint-network logits [B, T', U+1, V] and the encoder frame counts. */
export function rnntLogits(
  config: RnntConfig,
  params: ParamSource,
  batch: RnntBatch,
  dropout: Dropout = NO_DROPOUT,
): { logits: tf.Tensor; logitLengths: number[] } {
  const encoded = encode(config, params, batch.features, batch.featureLengths, dropout);
  const predicted = predict(config, params, batch.targets, BLANK);
  return { logits: join(params, encoded.output, predicted), logitLengths: encoded.lengths };
}

/** RNN-T negative log-likelihood of a batch ('mean' over utterances by default). */
export function rnntBatchLoss(
  config: RnntConfig,
  params: ParamSource,
  batch: RnntBatch,
  options: { dropout?: Dropout; reduction?: RnntReduction } = {},
): tf.Tensor {
  const { logits, logitLengths } = rnntLogits(config, params, batch, options.dropout);
  logitLengths.forEach((frames, b) => {
    if (frames < 1)
      throw new Error(
        `utterance ${b} is too short: ${batch.featureLengths[b]} feature frames give no encoder frame`,
      );
  });
  return rnntLoss({
    logits,
    targets: batch.targets,
    logitLengths: Int32Array.from(logitLengths),
    targetLengths: Int32Array.from(batch.targetLengths),
    blank: BLANK,
    reduction: options.reduction ?? 'mean',
  });
}
