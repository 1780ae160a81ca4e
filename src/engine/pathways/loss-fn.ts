import type { tf } from '../tf';
import type { ParamSource } from '../model/params';

/** The training loss of one batch under the given (possibly masked) parameters. */
export type LossFn<B> = (params: ParamSource, batch: B) => tf.Scalar;

/**
 * A batch's loss under θ ⊙ m (masks by name; without masks, θ) and its gradient with respect to the masked weights
 * w = θ ⊙ m, by parameter name (every parameter; the caller disposes them). Throws NonFiniteLoss on a non-finite
 * loss (pathways/masked-gradients.ts).
 */
export type MaskedGradsFn<B> = (
  params: ParamSource,
  masks: ReadonlyMap<string, tf.Tensor> | undefined,
  batch: B,
) => Promise<{ loss: number; grads: Map<string, tf.Tensor> }>;
