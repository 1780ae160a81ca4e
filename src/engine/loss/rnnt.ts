/**
 * RNN-T loss for tfjs with the conventions of torchaudio.functional.rnnt_loss, differentiable w.r.t.
 * the logits through tf.customGrad with the exact forward-backward gradient (rnnt-lattice.ts).
 */
import { tf } from '../tf';
import { rnntForward, type IntArrayLike } from './rnnt-lattice';
import { diagonalBandStarts } from './rnnt-band';
import { reduceLosses, RNNT_REDUCTIONS, utteranceScales, type RnntReduction } from './reduction';

type IntInput = tf.Tensor | IntArrayLike;

export interface RnntLossArgs {
  /** [B, T, U + 1, V] float32, un-normalised (log-softmax is applied inside). */
  logits: tf.Tensor;
  /** [B, U] int32 label ids (a plain array is read row-major). */
  targets: IntInput;
  /** [B] int32 frames per utterance. */
  logitLengths: IntInput;
  /** [B] int32 labels per utterance. */
  targetLengths: IntInput;
  /** Blank id; negative counts from the end of the vocabulary. Default -1 (the last id), as torchaudio. */
  blank?: number;
  /** 'none' → [B] losses; 'sum' → scalar; 'mean' (default) → scalar sum / B. */
  reduction?: RnntReduction;
}

export interface RnntLossBandedArgs extends RnntLossArgs {
  /** Band width W: logits are [B, T, W, V], row (b, t, s) scoring label position bandStarts[b, t] + s. */
  band: number;
  /** [B, T] int32 first label position per frame; default diagonalBandStarts(logitLengths, targetLengths, T, band). */
  bandStarts?: IntInput;
}

function readInts(name: string, value: IntInput): IntArrayLike {
  if (!(value instanceof tf.Tensor)) return value;
  if (value.dtype !== 'int32') throw new TypeError(`rnntLoss: ${name} must be int32, got ${value.dtype}`);
  return value.dataSync() as Int32Array;
}

function lossFunction(args: RnntLossArgs, width: number, bandStarts?: IntArrayLike): tf.Tensor {
  const { logits } = args;
  const reduction = args.reduction ?? 'mean';
  if (!RNNT_REDUCTIONS.includes(reduction)) {
    throw new RangeError(
      `rnntLoss: reduction must be one of ${RNNT_REDUCTIONS.join(', ')}, got '${reduction}'`,
    );
  }
  if (logits.rank !== 4 || logits.dtype !== 'float32') {
    throw new TypeError(
      `rnntLoss: logits must be float32 [B, T, U + 1, V], got ${logits.dtype} [${logits.shape}]`,
    );
  }
  const [B, T, W, V] = logits.shape as [number, number, number, number];
  if (W !== width) throw new RangeError(`rnntLoss: logits dim 2 is ${W}, expected ${width}`);
  const lattice = {
    shape: [B, T, W, V] as const,
    targets: readInts('targets', args.targets),
    logitLengths: readInts('logitLengths', args.logitLengths),
    targetLengths: readInts('targetLengths', args.targetLengths),
    blank: args.blank ?? -1,
    bandStarts,
  };
  const run = tf.customGrad((...inputs: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const x = inputs[0] as tf.Tensor;
    const state = rnntForward({ ...lattice, logits: x.dataSync() as Float32Array });
    const gradFunc = (dy: tf.Tensor): tf.Tensor =>
      tf.tensor(state.computeGradient(utteranceScales(dy, reduction, B)), [B, T, W, V], 'float32');
    return { value: reduceLosses(state.losses, reduction), gradFunc };
  });
  return run(logits);
}

/** Negative log-likelihood of the targets under the full RNN-T lattice ([B] or scalar by reduction). */
export function rnntLoss(args: RnntLossArgs): tf.Tensor {
  const U =
    args.targets instanceof tf.Tensor
      ? (args.targets.shape[1] ?? 0)
      : args.targets.length / args.logits.shape[0];
  return lossFunction(args, U + 1);
}

/**
 * Band-limited RNN-T loss (the diagonal band of rnnt-band.ts, or the pruned loss's ranges): the same lattice restricted to label positions
 * u ∈ [start(b, t), start(b, t) + band - 1] per frame, so the joiner runs on [B, T, band] pairs instead of
 * [B, T, U + 1]. Alignments leaving the band are excluded, so the loss is ≥ the full loss and equal when
 * the band covers every position (band ≥ U + 1). Cells with u > U_b are ignored (any value, zero gradient).
 */
export function rnntLossBanded(args: RnntLossBandedArgs): tf.Tensor {
  const logitLengths = readInts('logitLengths', args.logitLengths);
  const targetLengths = readInts('targetLengths', args.targetLengths);
  const starts =
    args.bandStarts === undefined
      ? diagonalBandStarts(logitLengths, targetLengths, (args.logits.shape as number[])[1], args.band)
      : readInts('bandStarts', args.bandStarts);
  return lossFunction({ ...args, logitLengths, targetLengths }, args.band, starts);
}
