import type { SafeTensorMap } from '../io/safetensors';
import type { tf } from '../tf';

/**
 * What the pathways trainer needs from an optimizer (the engine's AdamW satisfies it): one step
 * at learning rate `lr` from a gradient map, where `updateMasks` (0/1 float tensors by parameter
 * name) restricts the step, parameters AND optimizer state, to the 1 entries; names without a
 * mask update fully. An optimizer with moments exports and imports them as named tensors
 * (`optimizer.m.<param>`, `optimizer.v.<param>`, …), which lets dynamic pathways reset the moments of
 * weights that re-enter the union of the masks.
 */
export interface MaskedOptimizer {
  step(
    grads: ReadonlyMap<string, tf.Tensor>,
    options: { lr: number; updateMasks?: ReadonlyMap<string, tf.Tensor> },
  ): void;
  /** Read with awaited `data()` (webgpu has no synchronous read). */
  exportState?(): Promise<SafeTensorMap>;
  importState?(state: SafeTensorMap): void;
}
