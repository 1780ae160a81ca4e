import { tf } from '../tf';

/** Global L2 norm of all gradients (NaN/Infinity propagate). */
export function globalNorm(grads: ReadonlyMap<string, tf.Tensor>): number {
  return tf.tidy(() => {
    const squares = [...grads.values()].map((g) => tf.sum(tf.square(g)));
    return Math.sqrt(tf.addN(squares).dataSync()[0]);
  });
}

/**
 * Scale all gradients by min(1, maxNorm / norm). Returns new tensors (the caller disposes both maps)
 * and the norm before clipping.
 */
export function clipByGlobalNorm(
  grads: ReadonlyMap<string, tf.Tensor>,
  maxNorm: number,
): { grads: Map<string, tf.Tensor>; norm: number } {
  const norm = globalNorm(grads);
  const scale = Number.isFinite(norm) && norm > maxNorm ? maxNorm / norm : 1;
  const out = new Map<string, tf.Tensor>();
  for (const [name, g] of grads) out.set(name, scale === 1 ? tf.clone(g) : tf.mul(g, scale));
  return { grads: out, norm };
}
