/**
 * The lattices of a batch's loss as device tensors of transition log-probabilities, [B, T', W, 2] (blank, label):
 * the full joiner lattice (W = U + 1), the joiner on a band of W label positions per frame (the diagonal band or
 * the pruned loss's ranges), and the pruned loss's smoothed simple lattice (W = U + 1). The same function serves
 * the forward whose values are read and the one under the gradient tape (train/read-lattice-step.ts).
 */
import { bandLabelIds, bandLogProbs } from '../loss/band-log-probs';
import { transitionLogProbs } from '../loss/simple-rnnt';
import { tf } from '../tf';
import { gatheredLogits, join } from './joiner';
import { dims } from './layers';
import type { ParamSource } from './params';
import { BLANK } from './rnnt-model';
import { simpleAm, simpleLm } from './simple-joiner';

export type LatticeTerm =
  | { kind: 'joint'; scale: number; width: number; starts?: Int32Array }
  | { kind: 'simple'; scale: number; lmScale: number; amScale: number };

export interface TermInputs {
  params: ParamSource;
  /** Encoder output [B, T', d]. */
  encoded: tf.Tensor;
  /** Predictor output [B, U + 1, P]. */
  predicted: tf.Tensor;
  /** [B, U] label ids, row-major. */
  targets: Int32Array;
  logitLengths: Int32Array;
  targetLengths: Int32Array;
}

/** [B, T', W, 2] blank and label log-probabilities of `term`'s lattice cells. */
export function termLogProbs(term: LatticeTerm, inputs: TermInputs): tf.Tensor {
  const { params, encoded, predicted, targets } = inputs;
  return tf.tidy(() => {
    if (term.kind === 'simple') {
      const { blank, label } = transitionLogProbs({
        am: simpleAm(params, encoded),
        lm: simpleLm(params, predicted),
        targets,
        logitLengths: inputs.logitLengths,
        targetLengths: inputs.targetLengths,
        blank: BLANK,
        lmScale: term.lmScale,
        amScale: term.amScale,
      });
      return tf.stack([blank, label], -1);
    }
    const [B, T] = dims(encoded);
    const logits = term.starts
      ? gatheredLogits(params, encoded, predicted, term.starts, term.width)
      : join(params, encoded, predicted);
    return bandLogProbs(logits, bandLabelIds(targets, [B, T, term.width], term.starts), BLANK);
  });
}
