import type { RnntConfig } from '../model/config';
import type { Dropout } from '../model/layers';
import { applyMasks, type ParamMap } from '../model/params';
import type { PrunedBatchOptions } from '../model/pruned-batch-loss';
import { rnntBatchLoss, type RnntBatch } from '../model/rnnt-model';
import { tf } from '../tf';
import { namedGrads } from './named-grads';
import { readLatticeLossAndGrads } from './read-lattice-step';

/** Backends whose tensors cannot be read synchronously (webgpu's dataSync needs OffscreenCanvas, absent in Node). */
const ASYNC_READ_BACKENDS = new Set(['webgpu']);

export type LatticeRead = 'sync' | 'async';

export interface LossAndGradsOptions {
  /**
   * 0/1 masks by parameter name: the forward pass uses θ ⊙ mask (inside the graph), so the
   * gradient reaching θ is mask ⊙ ∇L.
   */
  masks?: ReadonlyMap<string, tf.Tensor>;
  dropout?: Dropout;
  /** Band-limited loss width (see model/rnnt-model.ts); default: full lattice. */
  band?: number;
  /** The pruned RNN-T loss at this step (see model/pruned-batch-loss.ts); default: full lattice. */
  pruned?: PrunedBatchOptions;
  /**
   * How the loss reads the lattice: 'sync' inside the loss op (one forward), or 'async' (train/read-lattice-step.ts:
   * an awaited read and a second forward). Default: 'async' on the webgpu backend, else 'sync'.
   */
  latticeRead?: LatticeRead;
}

/** The lattice read of the active backend. */
export function defaultLatticeRead(): LatticeRead {
  return ASYNC_READ_BACKENDS.has(tf.getBackend()) ? 'async' : 'sync';
}

/** Mean RNN-T loss of a batch (full, band-limited or pruned) and its gradient for every parameter (the caller disposes the grads). */
export async function lossAndGrads(
  config: RnntConfig,
  params: ParamMap,
  batch: RnntBatch,
  options: LossAndGradsOptions = {},
): Promise<{ loss: number; grads: Map<string, tf.Tensor> }> {
  if ((options.latticeRead ?? defaultLatticeRead()) === 'async') {
    return readLatticeLossAndGrads(config, params, batch, options);
  }
  const { value, grads } = namedGrads(params, () => {
    const effective = options.masks ? applyMasks(params, options.masks) : params;
    return rnntBatchLoss(config, effective, batch, {
      dropout: options.dropout,
      band: options.band,
      pruned: options.pruned,
    }) as tf.Scalar;
  });
  const loss = (await value.data())[0];
  value.dispose();
  return { loss, grads };
}
