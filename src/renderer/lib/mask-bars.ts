import type { OverlapReport } from '../../shared/api';

export const MASK_SEGMENTS = ['shared by all', 'shared with some', 'exclusive', 'pruned'];

type Scope = OverlapReport['overall'];

/**
 * Rows of the union / shared-by-all / exclusive stacked bars, as fractions of the prunable weights: one row per
 * language (its kept weights split into shared-by-all, shared with some, exclusive; the rest pruned) and one for the union.
 */
export function maskBars(languages: readonly string[], scope: Scope): { label: string; values: number[] }[] {
  const exclusiveTotal = languages.reduce((sum, l) => sum + (scope.exclusive[l] ?? 0), 0);
  const rows = languages.map((language) => {
    const density = 1 - (scope.sparsity[language] ?? 1);
    const exclusive = scope.exclusive[language] ?? 0;
    return {
      label: language,
      values: [
        scope.sharedByAll,
        Math.max(0, density - scope.sharedByAll - exclusive),
        exclusive,
        1 - density,
      ],
    };
  });
  rows.push({
    label: 'union',
    values: [
      scope.sharedByAll,
      Math.max(0, scope.unionDensity - scope.sharedByAll - exclusiveTotal),
      exclusiveTotal,
      1 - scope.unionDensity,
    ],
  });
  return rows;
}
