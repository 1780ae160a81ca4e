import { MaskSet } from './mask-set';
import { elementCount } from './param-map';

/** Parameter counts of a pathways model, for the comparison table and size-matched baselines. */
export interface ParameterCounts {
  total: number;
  prunable: number;
  /** Per language: non-zero parameters of θ ⊙ m_l (its kept prunable weights plus every non-prunable one). */
  nonZero: Record<string, number>;
  /** Non-zero parameters of the multilingual artifact θ ⊙ ∪_l m_l. */
  unionNonZero: number;
}

/** Counts from the model's shapes and the languages' masks (non-prunable parameters count as kept). */
export function parameterCounts(
  shapes: ReadonlyMap<string, readonly number[]>,
  masks: ReadonlyMap<string, MaskSet>,
): ParameterCounts {
  const sets = [...masks.values()];
  if (sets.length === 0) throw new Error('parameter counts need at least one mask');
  sets.forEach((m) => m.validateAgainst(new Map([...shapes].map(([n, s]) => [n, { shape: s }]))));
  const total = [...shapes.values()].reduce((n, s) => n + elementCount(s), 0);
  const prunable = sets[0].count().total;
  const fixed = total - prunable;
  const union = MaskSet.unionAll(sets);
  return {
    total,
    prunable,
    nonZero: Object.fromEntries([...masks].map(([l, m]) => [l, fixed + m.count().kept])),
    unionNonZero: fixed + union.count().kept,
  };
}
