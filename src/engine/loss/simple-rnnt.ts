/**
 * The "simple" RNN-T loss of the pruned transducer (Kuang et al. 2022; k2's rnnt_loss_smoothed): the joiner is
 * the sum am[b, t] + lm[b, u] of two [·, V] projections, so the softmax normaliser of every lattice cell,
 *   log Σ_v exp(am[t, v] + lm[u, v]) = amMax[t] + lmMax[u] + log (exp(am − amMax) · exp(lm − lmMax)ᵀ)[t, u],
 * is one [T, V] × [V, U + 1] matrix product per utterance and no [B, T, U + 1, V] tensor exists. The transition
 * log-probabilities are smoothed as k2 does:
 *   lp = (1 − lmScale − amScale) · lp_joint + lmScale · lp_lmOnly + amScale · lp_amOnly,
 * where lp_lmOnly normalises lm[u] alone and lp_amOnly pairs am[t] with a unigram: the mean over the batch's valid
 * label positions (u ≤ U_b) of softmax(lm[b, u]) (k2 averages over every row, padding included). The recursion
 * runs on those log-probabilities (transition-lattice.ts) and its occupations come back with the loss, for the
 * pruning ranges (prune-ranges.ts).
 */
import { tf } from '../tf';
import { reduceLosses, utteranceScales, type RnntReduction } from './reduction';
import { transitionLattice, type TransitionLatticeResult } from './transition-lattice';

const TINY = 1.1754944e-38; // float32's smallest normal, as k2 (torch.finfo.tiny) keeps log() finite

export interface SimpleLossArgs {
  /** Acoustic part am = simple_am_proj(encoder) [B, T, V]. */
  am: tf.Tensor;
  /** Language part lm = simple_lm_proj(predictor) [B, U + 1, V]. */
  lm: tf.Tensor;
  /** [B, U] label ids, row-major. */
  targets: Int32Array;
  logitLengths: Int32Array;
  targetLengths: Int32Array;
  blank: number;
  /** Weight of the LM-only log-probabilities (k2's lm_only_scale). */
  lmScale: number;
  /** Weight of the AM-only (unigram-LM) log-probabilities (k2's am_only_scale). */
  amScale: number;
  reduction: RnntReduction;
}

export interface SimpleLoss {
  /** The loss ([B] or scalar by reduction), differentiable w.r.t. am and lm. */
  loss: tf.Tensor;
  /** Transition occupations of the smoothed lattice (unit scale), for the pruning ranges. */
  occupancy: TransitionLatticeResult;
}

const dims = (t: tf.Tensor): number[] => t.shape as number[];

/** Max over the last axis, kept as [.., 1], without gradient (a shift the log-sum-exp cancels); no read. */
function constantMax(x: tf.Tensor): tf.Tensor {
  const run = tf.customGrad((...inputs: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const input = inputs[0] as tf.Tensor;
    return { value: tf.max(input, -1, true), gradFunc: () => tf.zerosLike(input) };
  });
  return run(x);
}

/** Smoothed [B, T, U + 1] blank and label log-probabilities (label column U is 0 and never read). */
export function transitionLogProbs(args: Omit<SimpleLossArgs, 'reduction'>): {
  blank: tf.Tensor;
  label: tf.Tensor;
} {
  const { am, lm, blank, lmScale, amScale } = args;
  const [B, T, V] = dims(am);
  const U1 = dims(lm)[1];
  const U = U1 - 1;
  const joint = 1 - lmScale - amScale;
  const amMax = constantMax(am); // [B, T, 1]
  const lmMax = constantMax(lm); // [B, U+1, 1]
  const amProbs = tf.exp(tf.sub(am, amMax));
  const lmProbs = tf.exp(tf.sub(lm, lmMax));
  const oneHot = tf.reshape(tf.oneHot(tf.tensor1d(args.targets, 'int32'), V), [B, U, V]);
  const labelAm = tf.matMul(am, oneHot, false, true); // [B, T, U]
  const labelLm = tf.sum(tf.mul(tf.slice(lm, [0, 0, 0], [B, U, V]), oneHot), -1); // [B, U]
  const blankAm = tf.slice(am, [0, 0, blank], [B, T, 1]); // [B, T, 1]
  const blankLm = tf.reshape(tf.slice(lm, [0, 0, blank], [B, U1, 1]), [B, 1, U1]);
  const terms: { blank: tf.Tensor; label: tf.Tensor; scale: number }[] = [];
  if (joint !== 0) {
    const norm = tf.add(
      tf.log(tf.add(tf.matMul(amProbs, lmProbs, false, true), TINY)),
      tf.add(amMax, tf.reshape(lmMax, [B, 1, U1])),
    ); // [B, T, U+1]
    terms.push({
      scale: joint,
      blank: tf.sub(tf.add(blankAm, blankLm), norm),
      label: tf.sub(tf.add(labelAm, tf.expandDims(labelLm, 1)), tf.slice(norm, [0, 0, 0], [B, T, U])),
    });
  }
  if (lmScale !== 0) {
    const lmNorm = tf.add(tf.log(tf.sum(lmProbs, -1)), tf.reshape(lmMax, [B, U1])); // [B, U+1]
    terms.push({
      scale: lmScale,
      blank: tf.expandDims(tf.sub(tf.reshape(blankLm, [B, U1]), lmNorm), 1),
      label: tf.expandDims(tf.sub(labelLm, tf.slice(lmNorm, [0, 0], [B, U])), 1),
    });
  }
  if (amScale !== 0) {
    const valid = new Float32Array(B * U1);
    let rows = 0;
    for (let b = 0; b < B; b++) {
      for (let u = 0; u <= args.targetLengths[b]; u++) valid[b * U1 + u] = 1;
      rows += args.targetLengths[b] + 1;
    }
    const softmax = tf.div(lmProbs, tf.sum(lmProbs, -1, true));
    const unigram = tf.add(
      tf.div(tf.sum(tf.mul(softmax, tf.tensor3d(valid, [B, U1, 1])), [0, 1]), rows),
      TINY,
    );
    const logUnigram = tf.log(unigram); // [V]
    const amNorm = tf.add(
      tf.log(tf.matMul(tf.reshape(amProbs, [B * T, V]), tf.reshape(unigram, [V, 1]))),
      tf.reshape(amMax, [B * T, 1]),
    );
    const amNorm3 = tf.reshape(amNorm, [B, T, 1]);
    const labelUnigram = tf.reshape(tf.gather(logUnigram, tf.tensor1d(args.targets, 'int32')), [B, 1, U]);
    terms.push({
      scale: amScale,
      blank: tf.sub(tf.add(blankAm, tf.slice(logUnigram, [blank], [1])), amNorm3),
      label: tf.sub(tf.add(labelAm, labelUnigram), amNorm3),
    });
  }
  let blankLp: tf.Tensor = tf.zeros([B, T, U1]);
  let labelLp: tf.Tensor = tf.zeros([B, T, U]);
  for (const term of terms) {
    blankLp = tf.add(blankLp, tf.mul(term.blank, term.scale));
    labelLp = tf.add(labelLp, tf.mul(term.label, term.scale));
  }
  return { blank: blankLp, label: tf.concat([labelLp, tf.zeros([B, T, 1])], 2) };
}

/** The simple loss of a batch and its lattice occupations (see the file comment). */
export function simpleRnntLoss(args: SimpleLossArgs): SimpleLoss {
  const [B, T, V] = dims(args.am);
  const U1 = dims(args.lm)[1];
  if (args.am.rank !== 3 || args.lm.rank !== 3 || dims(args.lm)[0] !== B || dims(args.lm)[2] !== V) {
    throw new Error(
      `simple loss: expected am [B, T, V] and lm [B, U+1, V]; got [${args.am.shape}], [${args.lm.shape}]`,
    );
  }
  if (args.targets.length !== B * (U1 - 1)) {
    throw new Error(`simple loss: targets hold ${args.targets.length} ids, expected B·U = ${B * (U1 - 1)}`);
  }
  const { blank, label } = transitionLogProbs(args);
  let occupancy: TransitionLatticeResult | undefined;
  const run = tf.customGrad((...inputs: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [blankLp, labelLp] = inputs as [tf.Tensor, tf.Tensor];
    const state = transitionLattice({
      blank: blankLp.dataSync(),
      label: labelLp.dataSync(),
      shape: [B, T, U1],
      logitLengths: args.logitLengths,
      targetLengths: args.targetLengths,
    });
    occupancy = state;
    const gradFunc = (dy: tf.Tensor): tf.Tensor[] => {
      const scales = utteranceScales(dy, args.reduction, B);
      const cells = T * U1;
      const dBlank = new Float32Array(B * cells);
      const dLabel = new Float32Array(B * cells);
      for (let i = 0; i < B * cells; i++) {
        const scale = scales[Math.floor(i / cells)];
        dBlank[i] = -scale * state.blankOccupancy[i];
        dLabel[i] = -scale * state.labelOccupancy[i];
      }
      return [tf.tensor3d(dBlank, [B, T, U1]), tf.tensor3d(dLabel, [B, T, U1])];
    };
    return { value: reduceLosses(state.losses, args.reduction), gradFunc };
  });
  const loss = run(blank, label);
  return { loss, occupancy: occupancy! };
}
