import type { MaskSet } from './mask-set';
import { layerOf } from './prunable';

/** IoU |a ∧ b| / |a ∨ b| of two languages' masks, overall, per layer and per tensor. */
export interface PairOverlap {
  a: string;
  b: string;
  intersection: number;
  union: number;
  iou: number;
  perLayer: Record<string, number>;
  perTensor: Record<string, number>;
}

/** A number of prunable weights and what share it is of all prunable weights and of the union. */
export interface ShareCount {
  count: number;
  shareOfPrunable: number;
  shareOfUnion: number;
}

/** Overlap of the languages' pathways (JSON-serialisable, for the Masks view and `--json`). */
export interface OverlapReport {
  languages: string[];
  totalPrunable: number;
  pathways: Record<string, { kept: number; sparsity: number }>;
  union: { kept: number; density: number; sparsity: number };
  /** Weights in every language's mask. */
  commonToAll: ShareCount;
  /** Per language, weights in its mask and no other (shareOfPathway: of that language's mask). */
  exclusive: Record<string, ShareCount & { shareOfPathway: number }>;
  /** Every pair of languages, in sorted order. */
  pairs: PairOverlap[];
}

/** IoU with the convention that two empty sets are identical (IoU 1). */
function iou(intersection: number, union: number): number {
  return union === 0 ? 1 : intersection / union;
}

interface PairCounts {
  intersection: number;
  union: number;
}

/** Overlap analysis of per-language masks over the same prunable tensors (at most 31 languages). */
export function overlapReport(
  masks: ReadonlyMap<string, MaskSet>,
  layer: (name: string) => string = layerOf,
): OverlapReport {
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
  const overall = pairs.map((): PairCounts => ({ intersection: 0, union: 0 }));
  const byLayer = pairs.map(() => new Map<string, PairCounts>());
  const byTensor = pairs.map(() => new Map<string, PairCounts>());
  const kept = new Array<number>(languages.length).fill(0);
  const exclusive = new Array<number>(languages.length).fill(0);
  let total = 0;
  let unionKept = 0;
  let common = 0;
  for (const name of sets[0].names()) {
    const data = sets.map((m) => m.get(name).data);
    const n = data[0].length;
    total += n;
    const tensorCounts = pairs.map((): PairCounts => ({ intersection: 0, union: 0 }));
    for (let i = 0; i < n; i++) {
      let code = 0;
      for (let l = 0; l < data.length; l++) if (data[l][i]) code |= 1 << l;
      if (code === 0) continue;
      unionKept++;
      if (code === all) common++;
      for (let l = 0; l < data.length; l++) {
        if (!(code & (1 << l))) continue;
        kept[l]++;
        if (code === 1 << l) exclusive[l]++;
      }
      pairs.forEach(([a, b], p) => {
        const inA = (code >> a) & 1;
        const inB = (code >> b) & 1;
        tensorCounts[p].intersection += inA & inB;
        tensorCounts[p].union += inA | inB;
      });
    }
    const layerName = layer(name);
    tensorCounts.forEach((c, p) => {
      byTensor[p].set(name, c);
      const l = byLayer[p].get(layerName) ?? { intersection: 0, union: 0 };
      byLayer[p].set(layerName, { intersection: l.intersection + c.intersection, union: l.union + c.union });
      overall[p].intersection += c.intersection;
      overall[p].union += c.union;
    });
  }
  const share = (count: number): ShareCount => ({
    count,
    shareOfPrunable: count / total,
    shareOfUnion: unionKept === 0 ? 0 : count / unionKept,
  });
  const ious = (m: Map<string, PairCounts>) =>
    Object.fromEntries([...m].map(([k, c]) => [k, iou(c.intersection, c.union)]));
  return {
    languages,
    totalPrunable: total,
    pathways: Object.fromEntries(
      languages.map((l, i) => [l, { kept: kept[i], sparsity: 1 - kept[i] / total }]),
    ),
    union: { kept: unionKept, density: unionKept / total, sparsity: 1 - unionKept / total },
    commonToAll: share(common),
    exclusive: Object.fromEntries(
      languages.map((l, i) => [
        l,
        { ...share(exclusive[i]), shareOfPathway: kept[i] === 0 ? 0 : exclusive[i] / kept[i] },
      ]),
    ),
    pairs: pairs.map(([a, b], p) => ({
      a: languages[a],
      b: languages[b],
      intersection: overall[p].intersection,
      union: overall[p].union,
      iou: iou(overall[p].intersection, overall[p].union),
      perLayer: ious(byLayer[p]),
      perTensor: ious(byTensor[p]),
    })),
  };
}
