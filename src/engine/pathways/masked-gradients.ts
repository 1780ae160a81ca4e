import { tf } from '../tf';
import type { ParamSource } from '../model/params';
import type { LossFn } from './loss-fn';

/** A batch whose loss is NaN or infinite; the training loop reports its step and batch. */
export class NonFiniteLoss extends Error {
  constructor(readonly loss: number) {
    super(`loss is ${loss}`);
    this.name = 'NonFiniteLoss';
  }
}

/**
 * Loss of one batch under θ ⊙ m (masks by name; unmasked names use θ) and its gradient with respect
 * to the masked weights w = θ ⊙ m, in parameter order. The gradient is dense: pruned weights get
 * ∇_w L too; the gradient reaching θ is m ⊙ ∇_w L. Parameters that do not reach the loss get zeros.
 * The caller disposes the returned gradients. Throws {@link NonFiniteLoss} when the loss is not finite. The loss is
 * read with an awaited `data()` (every backend; webgpu has no synchronous read under Node).
 */
export async function maskedLossAndGrads<B>(
  params: ParamSource,
  masks: ReadonlyMap<string, tf.Tensor> | undefined,
  loss: LossFn<B>,
  batch: B,
): Promise<{ loss: number; grads: Map<string, tf.Tensor> }> {
  const { value, grads } = gradsAtMaskedWeights(params, masks, (view) => loss(view, batch));
  let lossValue: number;
  try {
    lossValue = (await value.data())[0];
  } catch (error) {
    grads.forEach((g) => g.dispose());
    throw error;
  } finally {
    value.dispose();
  }
  if (!Number.isFinite(lossValue)) {
    grads.forEach((g) => g.dispose());
    throw new NonFiniteLoss(lossValue);
  }
  return { loss: lossValue, grads };
}

/**
 * `f` under the masked weights w = θ ⊙ m (masks by name; unmasked names use θ) and its gradient with respect to w,
 * by name in parameter order; names that do not reach `f` get zeros. The caller disposes the value and gradients.
 */
export function gradsAtMaskedWeights(
  params: ParamSource,
  masks: ReadonlyMap<string, tf.Tensor> | undefined,
  f: (view: ParamSource) => tf.Scalar,
): { value: tf.Scalar; grads: Map<string, tf.Tensor> } {
  const names = [...params.keys()];
  // tidy keeps the tensors of a returned array, not of a Map: the Map is built after it
  const { value, grads } = tf.tidy(() => {
    const effective = names.map((n) => {
      const mask = masks?.get(n);
      return mask ? tf.mul(params.get(n)!, mask) : params.get(n)!;
    });
    const view = new Map(names.map((n, i) => [n, effective[i]]));
    const result = tf.engine().gradients(() => f(view), effective, undefined, true);
    return {
      value: result.value as tf.Scalar,
      grads: names.map((_, i) => result.grads[i] ?? tf.zerosLike(effective[i])),
    };
  });
  return { value, grads: new Map(names.map((n, i) => [n, grads[i]])) };
}
