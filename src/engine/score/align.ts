/**
 * Minimum-edit-distance alignment of a reference and a hypothesis token sequence (Levenshtein by
 * default), with deterministic tie-breaking: walking back from the end, a correct / substitution step
 * is preferred over a deletion, and a deletion over an insertion.
 */

export type EditOp = 'C' | 'S' | 'I' | 'D';

/** One aligned pair; shape of the shared contract's AlignmentOp (ref null for I, hyp null for D). */
export interface AlignmentOp {
  op: EditOp;
  ref: string | null;
  hyp: string | null;
}

/** Costs of the edit operations (a correct pair costs 0). */
export interface EditWeights {
  substitution: number;
  insertion: number;
  deletion: number;
}

export const LEVENSHTEIN_WEIGHTS: EditWeights = { substitution: 1, insertion: 1, deletion: 1 };
/** sclite's default DP weights (sub 4, ins 3, del 3): use to reproduce sclite's S/D/I split. */
export const SCLITE_WEIGHTS: EditWeights = { substitution: 4, insertion: 3, deletion: 3 };

export function editAlignment(
  ref: readonly string[],
  hyp: readonly string[],
  weights: EditWeights = LEVENSHTEIN_WEIGHTS,
): AlignmentOp[] {
  const n = ref.length;
  const m = hyp.length;
  const width = m + 1;
  const cost = new Float64Array((n + 1) * width);
  for (let j = 1; j <= m; j++) cost[j] = j * weights.insertion;
  for (let i = 1; i <= n; i++) {
    cost[i * width] = i * weights.deletion;
    for (let j = 1; j <= m; j++) {
      const diagonal = cost[(i - 1) * width + j - 1] + (ref[i - 1] === hyp[j - 1] ? 0 : weights.substitution);
      const deletion = cost[(i - 1) * width + j] + weights.deletion;
      const insertion = cost[i * width + j - 1] + weights.insertion;
      cost[i * width + j] = Math.min(diagonal, deletion, insertion);
    }
  }
  const ops: AlignmentOp[] = [];
  let i = n;
  let j = m;
  while (i > 0 || j > 0) {
    const here = cost[i * width + j];
    if (i > 0 && j > 0) {
      const same = ref[i - 1] === hyp[j - 1];
      if (here === cost[(i - 1) * width + j - 1] + (same ? 0 : weights.substitution)) {
        ops.push({ op: same ? 'C' : 'S', ref: ref[i - 1], hyp: hyp[j - 1] });
        i--;
        j--;
        continue;
      }
    }
    if (i > 0 && here === cost[(i - 1) * width + j] + weights.deletion) {
      ops.push({ op: 'D', ref: ref[i - 1], hyp: null });
      i--;
    } else {
      ops.push({ op: 'I', ref: null, hyp: hyp[j - 1] });
      j--;
    }
  }
  return ops.reverse();
}
