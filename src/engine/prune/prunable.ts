/**
 * Which parameters are prunable. Default (docs/methods.md): every weight matrix of linear, attention,
 * feed-forward and convolution layers; not biases, norms, embeddings or the output bias.
 * Patterns are regex source strings so they travel in JSON configs.
 */
export interface PrunableSelection {
  /** A name must match one of these to be prunable. */
  include: string[];
  /** A name matching any of these is never prunable. */
  exclude: string[];
  /** Tensors of lower rank (biases, norm gains) are never prunable. */
  minRank: number;
}

export const DEFAULT_PRUNABLE: PrunableSelection = {
  include: ['(^|\\.)weight$', '(^|\\.)w_(ih|hh)$'],
  exclude: ['(^|\\.)bias$', 'embed', 'norm', '(^|\\.)ln(_?\\w*)?\\.', '(^|\\.)bn\\d*\\.'],
  minRank: 2,
};

function compile(patterns: string[], field: string): RegExp[] {
  return patterns.map((source, i) => {
    try {
      return new RegExp(source);
    } catch (error) {
      throw new Error(`${field}[${i}]: invalid pattern '${source}' (${(error as Error).message})`);
    }
  });
}

/** Names (sorted) of the prunable tensors among `shapes`. Throws when nothing is selected. */
export function selectPrunable(
  shapes: ReadonlyMap<string, readonly number[]>,
  selection: PrunableSelection = DEFAULT_PRUNABLE,
): string[] {
  const include = compile(selection.include, 'include');
  const exclude = compile(selection.exclude, 'exclude');
  const names = [...shapes.keys()]
    .filter((name) => shapes.get(name)!.length >= selection.minRank)
    .filter((name) => include.some((r) => r.test(name)) && !exclude.some((r) => r.test(name)))
    .sort();
  if (names.length === 0) throw new Error('no parameter matches the prunable selection');
  return names;
}

/**
 * The layer a tensor belongs to, for per-layer accounting: the prefix up to the first numeric
 * path segment (`encoder.layers.3.ffn.w1.weight` → `encoder.layers.3`), otherwise the module path
 * without the final parameter name (`joiner.out.weight` → `joiner.out`).
 */
export function layerOf(name: string): string {
  const parts = name.split('.');
  const numeric = parts.findIndex((p) => /^\d+$/.test(p));
  if (numeric >= 0) return parts.slice(0, numeric + 1).join('.');
  return parts.length > 1 ? parts.slice(0, -1).join('.') : name;
}
