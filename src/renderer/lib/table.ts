export type SortDirection = 'asc' | 'desc';

/** Sort rows by a key, numbers numerically and strings by locale; missing values (null/undefined/NaN) always last. */
export function sortRows<T>(
  rows: readonly T[],
  key: (row: T) => number | string | null | undefined,
  direction: SortDirection,
): T[] {
  const sign = direction === 'asc' ? 1 : -1;
  const missing = (value: unknown) =>
    value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value));
  return [...rows].sort((x, y) => {
    const a = key(x);
    const b = key(y);
    if (missing(a) || missing(b)) return missing(a) === missing(b) ? 0 : missing(a) ? 1 : -1;
    if (typeof a === 'number' && typeof b === 'number') return sign * (a - b);
    return sign * String(a).localeCompare(String(b));
  });
}

/** Toggle sorting the way table headers do: same column flips direction, a new column starts descending. */
export function nextSort<K>(
  current: { key: K; direction: SortDirection },
  key: K,
): { key: K; direction: SortDirection } {
  if (current.key === key) return { key, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  return { key, direction: 'desc' };
}
