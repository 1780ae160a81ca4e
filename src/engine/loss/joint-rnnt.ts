/**
 * The joiner and the RNN-T loss as one differentiable op, so that the [B, T, U+1, J] hidden tensor is
 * computed once and kept once, and no other tensor of that size outlives its use.
 *
 * Forward: logits = tanh(enc[b, t] + pred[b, u]) · W + bias, the same function as model/joiner.ts, computed as
 * tanh(x) = 2σ(2x) − 1 with the affine part folded into the small tensors:
 *   s = σ(2·enc + 2·pred),  logits = s · 2W + (bias − Σ_j W[j, ·]).
 * Backward, from ∂L/∂logits of the lattice (rnnt-lattice.ts):
 *   ∂L/∂z = (∂L/∂logits · 4Wᵀ) ⊙ s ⊙ (1 − s)   (z = enc + pred, since tanh′ = 1 − (2s − 1)² = 4s(1 − s)),
 *   ∂L/∂enc[b, t] = Σ_u ∂L/∂z,  ∂L/∂pred[b, u] = Σ_t ∂L/∂z,
 *   ∂L/∂W = (2s − 1)ᵀ · ∂L/∂logits,  ∂L/∂bias = Σ_rows ∂L/∂logits.
 */
import { tf } from '../tf';
import { reduceLosses, utteranceScales, type RnntReduction } from './reduction';
import { rnntForward, type IntArrayLike } from './rnnt-lattice';

const dims = (t: tf.Tensor): number[] => t.shape as number[];

export interface JointLossArgs {
  /** Encoder projection enc_proj(encoder) [B, T, J]. */
  encoder: tf.Tensor;
  /** Predictor projection pred_proj(predictor) [B, U + 1, J]. */
  predictor: tf.Tensor;
  /** joiner.out.weight [J, V]. */
  weight: tf.Tensor;
  /** joiner.out.bias [V]. */
  bias: tf.Tensor;
  /** [B, U] label ids, row-major. */
  targets: IntArrayLike;
  /** [B] encoder frames per utterance. */
  logitLengths: IntArrayLike;
  /** [B] labels per utterance. */
  targetLengths: IntArrayLike;
  blank: number;
  reduction: RnntReduction;
}

function checkShapes(encoder: tf.Tensor, predictor: tf.Tensor, weight: tf.Tensor, bias: tf.Tensor): void {
  const [B, , J] = dims(encoder);
  const ok =
    encoder.rank === 3 &&
    predictor.rank === 3 &&
    dims(predictor)[0] === B &&
    dims(predictor)[2] === J &&
    weight.rank === 2 &&
    dims(weight)[0] === J &&
    bias.rank === 1 &&
    dims(bias)[0] === dims(weight)[1];
  if (!ok) {
    throw new Error(
      `joint loss: expected encoder [B, T, J], predictor [B, U+1, J], weight [J, V], bias [V]; got ` +
        `[${encoder.shape}], [${predictor.shape}], [${weight.shape}], [${bias.shape}]`,
    );
  }
}

/** RNN-T loss of the joiner over every (frame, label position) pair ([B] or scalar by reduction). */
export function jointRnntLoss(args: JointLossArgs): tf.Tensor {
  const { encoder, predictor, weight, bias, reduction } = args;
  checkShapes(encoder, predictor, weight, bias);
  const [B, T, J] = dims(encoder);
  const U1 = dims(predictor)[1];
  const V = dims(weight)[1];
  const run = tf.customGrad((...inputs: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [enc, pred, w, b, save] = inputs as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    const s = tf.tidy(() =>
      tf.reshape(tf.sigmoid(tf.add(tf.expandDims(tf.mul(enc, 2), 2), tf.expandDims(tf.mul(pred, 2), 1))), [
        B * T * U1,
        J,
      ]),
    );
    const logits = tf.tidy(() => tf.add(tf.matMul(s, tf.mul(w, 2)), tf.sub(b, tf.sum(w, 0))));
    const state = rnntForward({
      logits: logits.dataSync() as Float32Array,
      shape: [B, T, U1, V],
      targets: args.targets,
      logitLengths: args.logitLengths,
      targetLengths: args.targetLengths,
      blank: args.blank,
    });
    logits.dispose();
    save([s, w]);
    const value = reduceLosses(state.losses, reduction);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor[] => {
      const [hidden, out] = saved;
      const gradient = state.computeGradient(utteranceScales(dy, reduction, B));
      // Step by step, disposing each [B·T·(U+1), J] intermediate as soon as it is used.
      return tf.tidy(() => {
        const dLogits = tf.tensor2d(gradient, [B * T * U1, V]);
        const dBias = tf.sum(dLogits, 0);
        const dWeight = tf.sub(tf.mul(tf.matMul(hidden, dLogits, true, false), 2), dBias);
        const dHidden = tf.matMul(dLogits, tf.mul(out, 4), false, true);
        const slope = tf.tidy(() => tf.mul(hidden, tf.sub(1, hidden)));
        const dz = tf.reshape(tf.mul(dHidden, slope), [B, T, U1, J]);
        tf.dispose([dHidden, slope]);
        const grads = [tf.sum(dz, 2), tf.sum(dz, 1), dWeight, dBias];
        dz.dispose();
        return grads;
      });
    };
    return { value, gradFunc };
  });
  return run(encoder, predictor, weight, bias);
}
