import { jointRnntLoss } from '../loss/joint-rnnt';
import type { RnntReduction } from '../loss/reduction';
import { diagonalBandStarts } from '../loss/rnnt-band';
import { rnntLossBanded } from '../loss/rnnt';
import { tf } from '../tf';
import type { RnntConfig } from './config';
import { encode } from './encoder';
import { gatheredLogits, join, projectEncoder, projectPredictor } from './joiner';
import { dims, NO_DROPOUT, type Dropout } from './layers';
import { prunedBatchLoss, type PrunedBatchOptions } from './pruned-batch-loss';
import { param, type ParamSource } from './params';
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

import { BLANK_ID } from '../text/tokenizer';

/** The blank symbol's id, shared with the tokenizers. */
export const BLANK = BLANK_ID;

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

export interface BatchLossOptions {
  dropout?: Dropout;
  reduction?: RnntReduction;
  /**
   * Diagonal band-limited loss: the joiner runs only on `band` label positions per frame along the
   * diagonal of the lattice (loss/rnnt-band.ts). Approximate (alignments leaving the band are
   * excluded); exact when band ≥ U + 1. Default: the full lattice.
   */
  band?: number;
  /**
   * The pruned RNN-T loss (model/pruned-batch-loss.ts): simpleLossScale · simple + prunedScale · pruned. Default:
   * the full lattice. Not with `band`.
   */
  pruned?: PrunedBatchOptions;
}

/** Encoder output [B, T', d], its frame counts, and predictor output [B, U+1, P] of a training batch. */
export function encodeAndPredict(
  config: RnntConfig,
  params: ParamSource,
  batch: RnntBatch,
  dropout?: Dropout,
): { encoded: tf.Tensor; logitLengths: Int32Array; predicted: tf.Tensor } {
  const encoded = encode(config, params, batch.features, batch.featureLengths, dropout);
  encoded.lengths.forEach((frames, b) => {
    if (frames < 1)
      throw new Error(
        `utterance ${b} is too short: ${batch.featureLengths[b]} feature frames give no encoder frame`,
      );
  });
  const predicted = predict(config, params, batch.targets, BLANK);
  return { encoded: encoded.output, logitLengths: Int32Array.from(encoded.lengths), predicted };
}

/** RNN-T negative log-likelihood of a batch ('mean' over utterances by default). */
export function rnntBatchLoss(
  config: RnntConfig,
  params: ParamSource,
  batch: RnntBatch,
  options: BatchLossOptions = {},
): tf.Tensor {
  const { encoded, logitLengths, predicted } = encodeAndPredict(config, params, batch, options.dropout);
  const common = {
    targets: batch.targets,
    logitLengths,
    targetLengths: Int32Array.from(batch.targetLengths),
    blank: BLANK,
    reduction: options.reduction ?? 'mean',
  };
  if (options.pruned) {
    if (options.band !== undefined) throw new Error('rnntBatchLoss: band and pruned exclude each other');
    return prunedBatchLoss(params, encoded, predicted, { ...common, targets: batch.targets }, options.pruned);
  }
  if (options.band === undefined) {
    return jointRnntLoss({
      ...common,
      targets: batch.targets.dataSync() as Int32Array,
      encoder: projectEncoder(params, encoded),
      predictor: projectPredictor(params, predicted),
      weight: param(params, 'joiner.out.weight'),
      bias: param(params, 'joiner.out.bias'),
    });
  }
  const starts = diagonalBandStarts(
    common.logitLengths,
    common.targetLengths,
    dims(encoded)[1],
    options.band,
  );
  const logits = gatheredLogits(params, encoded, predicted, starts, options.band);
  return rnntLossBanded({ ...common, logits, band: options.band, bandStarts: starts });
}
