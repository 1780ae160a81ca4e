import { MaskSet } from './mask-set';
import type { Mask } from './mask-set';
import { elementCount } from './param-map';
import { SeededRandom, deriveSeed } from '../model/random';
import { checkSparsity, keptCount } from './sparsity';
import type { PruneScope } from './magnitude';

/** Choose exactly `k` of `n` positions uniformly at random (partial Fisher–Yates). */
function chooseK(n: number, k: number, random: SeededRandom): Uint8Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const keep = new Uint8Array(n);
  for (let i = 0; i < k; i++) {
    const j = i + random.int(n - i);
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
    keep[order[i]] = 1;
  }
  return keep;
}

/**
 * Random masks at exactly the requested sparsity (global: round((1 − s)·N) kept over all tensors;
 * per-tensor: round((1 − s)·n) in each), reproducible from `seed`.
 */
export function randomMaskSet(
  shapes: ReadonlyMap<string, readonly number[]>,
  sparsity: number,
  seed: number,
  scope: PruneScope = 'global',
): MaskSet {
  checkSparsity(sparsity);
  const random = new SeededRandom(seed);
  const names = [...shapes.keys()].sort();
  const masks = new Map<string, Mask>();
  if (scope === 'per-tensor') {
    for (const name of names) {
      const n = elementCount(shapes.get(name)!);
      masks.set(name, { shape: [...shapes.get(name)!], data: chooseK(n, keptCount(n, sparsity), random) });
    }
    return new MaskSet(masks);
  }
  const total = names.reduce((n, name) => n + elementCount(shapes.get(name)!), 0);
  const keep = chooseK(total, keptCount(total, sparsity), random);
  let offset = 0;
  for (const name of names) {
    const n = elementCount(shapes.get(name)!);
    masks.set(name, { shape: [...shapes.get(name)!], data: keep.slice(offset, offset + n) });
    offset += n;
  }
  return new MaskSet(masks);
}

/**
 * Random masks for the random-mask pathways ablation: one per language at exactly `sparsity`, each
 * from its own stream (seed derived from `seed` and the language), so languages differ.
 */
export function randomPathwayMasks(
  shapes: ReadonlyMap<string, readonly number[]>,
  languages: readonly string[],
  sparsity: number,
  seed: number,
  scope: PruneScope = 'global',
): Map<string, MaskSet> {
  return new Map(languages.map((l) => [l, randomMaskSet(shapes, sparsity, deriveSeed(seed, l), scope)]));
}
