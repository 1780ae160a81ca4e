/** Edit distance of two short strings (insertions, deletions, substitutions). */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
}

/** The known option a mistyped one most likely meant (a typo or two away, or a prefix), or null. */
export function closestOption(typed: string, known: string[]): string | null {
  const prefixed = known.filter((k) => k.startsWith(typed));
  if (typed.length >= 2 && prefixed.length === 1) return prefixed[0];
  let best: string | null = null;
  let bestDistance = Math.min(2, Math.floor(typed.length / 3));
  for (const k of known) {
    const d = distance(typed, k);
    if (d <= bestDistance && (best === null || d < bestDistance)) {
      best = k;
      bestDistance = d;
    }
  }
  return best;
}
