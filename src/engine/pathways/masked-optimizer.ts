import type { tf } from '../tf';

/**
 * What the pathways trainer needs from an optimizer (the engine's AdamW satisfies it): one step
 * from a gradient map, where `updateMasks` (0/1 float tensors by parameter name) restricts the
 * step, parameters AND optimizer state, to the 1 entries; names without a mask update fully.
 */
export interface MaskedOptimizer {
  step(grads: Map<string, tf.Tensor>, options?: { updateMasks?: Map<string, tf.Tensor> }): unknown;
}
