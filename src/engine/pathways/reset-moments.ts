import type { MaskedOptimizer } from './masked-optimizer';

/** Optimizer state tensors that hold per-weight moments of parameter `name` (AdamW: m and v). */
const MOMENT_KEYS = (name: string) => [`optimizer.m.${name}`, `optimizer.v.${name}`];

/**
 * Set the optimizer moments of the given weights (flat indices by parameter name) to 0, so a weight that
 * re-enters the union of the masks starts with fresh moments instead of the stale ones frozen when it left.
 * The papers do not say what happens to them; 0 is what a newly created weight would have. Optimizers without
 * exportable state have no moments to reset. Returns the number of weights reset.
 */
export async function resetMoments(
  optimizer: MaskedOptimizer,
  positions: ReadonlyMap<string, readonly number[]>,
): Promise<number> {
  if (!optimizer.exportState || !optimizer.importState) return 0;
  let reset = 0;
  for (const indices of positions.values()) reset += indices.length;
  if (reset === 0) return 0;
  const state = await optimizer.exportState();
  for (const [name, indices] of positions) {
    for (const key of MOMENT_KEYS(name)) {
      const saved = state.get(key);
      if (!saved) throw new Error(`optimizer state has no '${key}' to reset`);
      const data = Float32Array.from(saved.data as Float32Array);
      for (const i of indices) data[i] = 0;
      state.set(key, { ...saved, data });
    }
  }
  optimizer.importState(state);
  return reset;
}
