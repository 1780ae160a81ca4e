import { tf } from '../tf';
import { MaskSet } from './mask-set';
import type { Mask } from './mask-set';
import { readParams, type ParamMap, type TensorData } from './param-map';
import { checkSparsity, keptCount } from './sparsity';

/** One threshold over all prunable tensors, or the same sparsity in every tensor. */
export type PruneScope = 'global' | 'per-tensor';

export interface PruneOptions {
  /** Target sparsity over all prunable weights (global) or within every tensor (per-tensor), in [0, 1). */
  sparsity: number;
  scope?: PruneScope;
  /** Only weights kept by this mask compete (IMP rounds); others stay pruned. Default: all weights. */
  within?: MaskSet;
}

/**
 * Rearrange `a` so that a[k] is the value a full ascending sort would put there, everything before
 * it ≤ a[k] and everything after ≥ a[k] (Hoare quickselect, median-of-three pivot); returns a[k].
 */
function selectKth(a: Float32Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const x = a[lo];
    const y = a[mid];
    const z = a[hi];
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}

/**
 * Keep the `k` highest-scoring candidates of a score vector. Ties at the threshold are broken by
 * position (earlier wins), so the result is deterministic and keeps exactly `k`.
 */
function keepTopK(scores: Float32Array, candidate: (i: number) => boolean, k: number): Uint8Array {
  let alive = 0;
  for (let i = 0; i < scores.length; i++) if (candidate(i)) alive++;
  if (k > alive) throw new Error(`cannot keep ${k} weights: only ${alive} survive`);
  const keep = new Uint8Array(scores.length);
  if (k === 0) return keep;
  const selected = new Float32Array(alive);
  for (let i = 0, j = 0; i < scores.length; i++) if (candidate(i)) selected[j++] = scores[i];
  // after selectKth, selected[alive − k …] holds the k largest values (in any order)
  const threshold = selectKth(selected, alive - k);
  let above = 0;
  for (let i = alive - k; i < alive; i++) if (selected[i] > threshold) above++;
  let ties = k - above;
  for (let i = 0; i < scores.length; i++) {
    if (!candidate(i)) continue;
    if (scores[i] > threshold || (scores[i] === threshold && ties-- > 0)) keep[i] = 1;
  }
  return keep;
}

function checkScores(scores: ReadonlyMap<string, TensorData>, within?: MaskSet): void {
  for (const [name, t] of scores) {
    const bad = t.data.findIndex((v) => Number.isNaN(v));
    if (bad >= 0) throw new Error(`score of '${name}' is NaN at index ${bad}`);
    if (within) {
      const m = within.get(name);
      if (m.shape.join(',') !== t.shape.join(',')) {
        throw new Error(`tensor '${name}' has shape [${t.shape}] but its mask has shape [${m.shape}]`);
      }
    }
  }
  if (within && within.names().length !== scores.size) {
    const missing = within.names().find((n) => !scores.has(n));
    throw new Error(`mask tensor '${missing}' has no score`);
  }
}

/**
 * Mask keeping the highest scores. Global scope keeps exactly round((1 − s)·N) of all N weights;
 * per-tensor scope keeps round((1 − s)·n) in every tensor (within one weight of the target).
 * Ties are broken by tensor name order, then element index.
 */
export function pruneByScore(scores: ReadonlyMap<string, TensorData>, options: PruneOptions): MaskSet {
  checkSparsity(options.sparsity);
  const { within } = options;
  checkScores(scores, within);
  const names = [...scores.keys()].sort();
  const masks = new Map<string, Mask>();
  if ((options.scope ?? 'global') === 'per-tensor') {
    for (const name of names) {
      const t = scores.get(name)!;
      const alive = within?.get(name).data;
      const data = keepTopK(
        t.data,
        (i) => !alive || alive[i] === 1,
        keptCount(t.data.length, options.sparsity),
      );
      masks.set(name, { shape: [...t.shape], data });
    }
    return new MaskSet(masks);
  }
  const total = names.reduce((n, name) => n + scores.get(name)!.data.length, 0);
  const flat = new Float32Array(total);
  const alive = new Uint8Array(total).fill(1);
  let offset = 0;
  for (const name of names) {
    const data = scores.get(name)!.data;
    flat.set(data, offset);
    if (within) alive.set(within.get(name).data, offset);
    offset += data.length;
  }
  const keep = keepTopK(flat, (i) => alive[i] === 1, keptCount(total, options.sparsity));
  offset = 0;
  for (const name of names) {
    const t = scores.get(name)!;
    masks.set(name, { shape: [...t.shape], data: keep.slice(offset, offset + t.data.length) });
    offset += t.data.length;
  }
  return new MaskSet(masks);
}

/** |θ| of the given tensors. */
export function magnitudes(weights: ReadonlyMap<string, TensorData>): Map<string, TensorData> {
  return new Map(
    [...weights].map(([name, t]) => {
      const data = new Float32Array(t.data.length);
      for (let i = 0; i < data.length; i++) data[i] = Math.abs(t.data[i]);
      return [name, { shape: t.shape, data }];
    }),
  );
}

/** One-shot magnitude pruning of the given (prunable) weights. */
export function magnitudePrune(weights: ReadonlyMap<string, TensorData>, options: PruneOptions): MaskSet {
  return pruneByScore(magnitudes(weights), options);
}

/** Read the tensors a mask covers out of a parameter map (awaited reads: any backend, webgpu included). */
export async function readMasked(params: ParamMap, mask: MaskSet): Promise<Map<string, TensorData>> {
  mask.validateAgainst(params);
  return readParams(new Map(mask.names().map((name) => [name, params.get(name)!])));
}

/** Magnitude-prune a model's prunable tensors (the tensors of `current`) among the survivors of `current`. */
export async function pruneParams(
  params: ParamMap,
  current: MaskSet,
  sparsity: number,
  scope: PruneScope = 'global',
): Promise<MaskSet> {
  return magnitudePrune(await readMasked(params, current), { sparsity, scope, within: current });
}

/** Set every pruned weight of the model to exactly +0 (in place). */
export function zeroPruned(params: ParamMap, mask: MaskSet): void {
  mask.validateAgainst(params);
  for (const [name, m] of mask.masks) {
    const v = params.get(name)!;
    tf.tidy(() => v.assign(tf.where(tf.tensor(m.data, m.shape, 'bool'), v, tf.zerosLike(v))));
  }
}
