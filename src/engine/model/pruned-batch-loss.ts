/**
 * The pruned RNN-T loss of a batch (Kuang et al. 2022, "Pruned RNN-T for fast, memory-efficient ASR training";
 * icefall's pruned_transducer_stateless recipes):
 *  1. the simple joiner (simple-joiner.ts) gives the smoothed simple loss on the whole lattice without a
 *     [B, T, U + 1, V] tensor (loss/simple-rnnt.ts);
 *  2. its transition occupations choose R label positions per frame (loss/prune-ranges.ts);
 *  3. the full joiner runs on the [B, T, R] gathered cells only, and the RNN-T recursion on that pruned lattice
 *     (the band lattice of loss/rnnt-lattice.ts with the ranges' starts).
 * Total: simpleLossScale · simple + prunedScale · pruned; the pruned part is skipped at scale 0 (warm-up).
 */
import type { RnntReduction } from '../loss/reduction';
import { pruneRanges, type PruneRanges } from '../loss/prune-ranges';
import { rnntLossBanded } from '../loss/rnnt';
import { simpleRnntLoss } from '../loss/simple-rnnt';
import { tf } from '../tf';
import { gatheredLogits } from './joiner';
import { dims } from './layers';
import { simpleAm, simpleLm } from './simple-joiner';
import type { ParamSource } from './params';

export interface PrunedBatchOptions {
  pruneRange: number;
  lmScale: number;
  amScale: number;
  simpleLossScale: number;
  /** Weight of the pruned loss at this step (the warm-up's, loss/pruned-options.ts). */
  prunedScale: number;
  /** Told the ranges chosen for the batch (the training loop counts raised ranges). */
  onRanges?: (ranges: PruneRanges) => void;
}

export interface PrunedLossInputs {
  /** [B, U] int32 label ids. */
  targets: tf.Tensor2D;
  logitLengths: Int32Array;
  targetLengths: Int32Array;
  blank: number;
  reduction: RnntReduction;
}

/** simpleLossScale · simple + prunedScale · pruned for encoder output [B, T, d] and predictor output [B, U+1, P]. */
export function prunedBatchLoss(
  params: ParamSource,
  encoder: tf.Tensor,
  predictor: tf.Tensor,
  inputs: PrunedLossInputs,
  options: PrunedBatchOptions,
): tf.Tensor {
  const [B, T] = dims(encoder);
  const U1 = dims(predictor)[1];
  const targets = inputs.targets.dataSync() as Int32Array;
  const simple = simpleRnntLoss({
    am: simpleAm(params, encoder),
    lm: simpleLm(params, predictor),
    targets,
    logitLengths: inputs.logitLengths,
    targetLengths: inputs.targetLengths,
    blank: inputs.blank,
    lmScale: options.lmScale,
    amScale: options.amScale,
    reduction: inputs.reduction,
  });
  const ranges = pruneRanges({
    ...simple.occupancy,
    shape: [B, T, U1],
    logitLengths: inputs.logitLengths,
    targetLengths: inputs.targetLengths,
    range: options.pruneRange,
  });
  options.onRanges?.(ranges);
  const weighted = tf.mul(simple.loss, options.simpleLossScale);
  if (options.prunedScale === 0) return weighted;
  const logits = gatheredLogits(params, encoder, predictor, ranges.starts, ranges.range);
  const pruned = rnntLossBanded({
    logits,
    targets,
    logitLengths: inputs.logitLengths,
    targetLengths: inputs.targetLengths,
    blank: inputs.blank,
    reduction: inputs.reduction,
    band: ranges.range,
    bandStarts: ranges.starts,
  });
  return tf.add(weighted, tf.mul(pruned, options.prunedScale));
}
