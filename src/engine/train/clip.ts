import { tf } from '../tf';

/**
 * Σ‖g‖², added pairwise: webgpu's AddN binds every input as one storage buffer, and past the device's
 * maxStorageBuffersPerShaderStage (8 by default) its pipeline is invalid and the sum is wrong.
 */
function sumOfSquares(grads: ReadonlyMap<string, tf.Tensor>): tf.Scalar {
  return tf.tidy(
    () => [...grads.values()].map((g) => tf.sum(tf.square(g))).reduce((a, b) => tf.add(a, b)) as tf.Scalar,
  );
}

/**
 * Global L2 norm of all gradients (NaN/Infinity propagate), read asynchronously: the one read of every backend
 * (webgpu has no synchronous read under Node).
 */
export async function readGlobalNorm(grads: ReadonlyMap<string, tf.Tensor>): Promise<number> {
  const squares = sumOfSquares(grads);
  const norm = Math.sqrt((await squares.data())[0]);
  squares.dispose();
  return norm;
}

/** All gradients scaled by min(1, maxNorm / norm), as new tensors (the caller disposes both maps). */
export function clipToNorm(
  grads: ReadonlyMap<string, tf.Tensor>,
  maxNorm: number,
  norm: number,
): Map<string, tf.Tensor> {
  const scale = Number.isFinite(norm) && norm > maxNorm ? maxNorm / norm : 1;
  const out = new Map<string, tf.Tensor>();
  for (const [name, g] of grads) out.set(name, scale === 1 ? tf.clone(g) : tf.mul(g, scale));
  return out;
}

/** {@link clipToNorm} at the gradients' global norm; returns the clipped gradients and the norm before clipping. */
export async function clipByGlobalNorm(
  grads: ReadonlyMap<string, tf.Tensor>,
  maxNorm: number,
): Promise<{ grads: Map<string, tf.Tensor>; norm: number }> {
  const norm = await readGlobalNorm(grads);
  return { grads: clipToNorm(grads, maxNorm, norm), norm };
}
