import type { OverlapReport } from '../../shared/contract/masks';
import type { MaskSet } from './mask-set';
import { layerOf } from './prunable';

export type { OverlapReport };

/** One re-evaluation's effect on one language (dynamic pathways), as the report's history rows. */
export interface MaskHistoryEntry {
  step: number;
  language: string;
  entered: number;
  left: number;
  sparsity: number;
}

/** Overlap statistics of one group of weights (a layer, a tensor, or all of them). */
type GroupStats = OverlapReport['overall'];

/** Raw counts over a group of weights, for L languages and their pairs. */
class Counts {
  weights = 0;
  union = 0;
  common = 0;
  readonly kept: number[];
  readonly exclusive: number[];
  readonly pairIntersection: number[];
  readonly pairUnion: number[];

  constructor(languages: number, pairs: number) {
    this.kept = new Array<number>(languages).fill(0);
    this.exclusive = new Array<number>(languages).fill(0);
    this.pairIntersection = new Array<number>(pairs).fill(0);
    this.pairUnion = new Array<number>(pairs).fill(0);
  }

  add(other: Counts): void {
    this.weights += other.weights;
    this.union += other.union;
    this.common += other.common;
    const sum = (a: number[], b: number[]) => b.forEach((x, i) => (a[i] += x));
    sum(this.kept, other.kept);
    sum(this.exclusive, other.exclusive);
    sum(this.pairIntersection, other.pairIntersection);
    sum(this.pairUnion, other.pairUnion);
  }

  /** Shares are of the group's weights; IoU of two empty masks is 1 (identical sets). */
  stats(languages: string[], pairs: [number, number][]): GroupStats {
    const share = (n: number) => (this.weights === 0 ? 0 : n / this.weights);
    return {
      pairs: pairs.map(([a, b], p) => ({
        a: languages[a],
        b: languages[b],
        iou: this.pairUnion[p] === 0 ? 1 : this.pairIntersection[p] / this.pairUnion[p],
      })),
      sharedByAll: share(this.common),
      exclusive: Object.fromEntries(languages.map((l, i) => [l, share(this.exclusive[i])])),
      unionDensity: share(this.union),
      sparsity: Object.fromEntries(languages.map((l, i) => [l, 1 - share(this.kept[i])])),
    };
  }
}

/**
 * Overlap of per-language masks over the same tensors (at most 31 languages): for every pair the IoU
 * |m_a ∧ m_b| / |m_a ∨ m_b|, the share of weights in every mask (sharedByAll), the share in exactly
 * one language's mask (exclusive), the union density and each pathway's sparsity — overall and per
 * group. Shares are fractions of the group's prunable weights. Groups are layers by default; pass
 * `group: (name) => name` for per-tensor figures.
 */
export function overlapReport(
  masks: ReadonlyMap<string, MaskSet>,
  options: { group?: (name: string) => string; history?: readonly MaskHistoryEntry[] } = {},
): OverlapReport {
  const group = options.group ?? layerOf;
  const languages = [...masks.keys()].sort();
  if (languages.length === 0) throw new Error('overlap of no languages');
  if (languages.length > 31)
    throw new Error(`overlap supports at most 31 languages, got ${languages.length}`);
  const sets = languages.map((l) => masks.get(l)!);
  sets.forEach((m, i) => {
    try {
      m.checkSameTensors(sets[0]);
    } catch (error) {
      throw new Error(`mask of language '${languages[i]}': ${(error as Error).message}`);
    }
  });
  const all = (1 << languages.length) - 1;
  const pairs: [number, number][] = [];
  for (let a = 0; a < languages.length; a++)
    for (let b = a + 1; b < languages.length; b++) pairs.push([a, b]);
  const groups = new Map<string, Counts>();
  const overall = new Counts(languages.length, pairs.length);
  for (const name of sets[0].names()) {
    const data = sets.map((m) => m.get(name).data);
    const c = new Counts(languages.length, pairs.length);
    c.weights = data[0].length;
    for (let i = 0; i < c.weights; i++) {
      let code = 0;
      for (let l = 0; l < data.length; l++) if (data[l][i]) code |= 1 << l;
      if (code === 0) continue;
      c.union++;
      if (code === all) c.common++;
      for (let l = 0; l < data.length; l++) {
        if (!(code & (1 << l))) continue;
        c.kept[l]++;
        if (code === 1 << l) c.exclusive[l]++;
      }
      pairs.forEach(([a, b], p) => {
        c.pairIntersection[p] += (code >> a) & (code >> b) & 1;
        c.pairUnion[p] += ((code >> a) | (code >> b)) & 1;
      });
    }
    const key = group(name);
    const g = groups.get(key) ?? new Counts(languages.length, pairs.length);
    g.add(c);
    groups.set(key, g);
    overall.add(c);
  }
  return {
    languages,
    prunableWeights: overall.weights,
    overall: overall.stats(languages, pairs),
    layers: [...groups].map(([layer, c]) => ({ layer, weights: c.weights, ...c.stats(languages, pairs) })),
    history: [...(options.history ?? [])],
  };
}
