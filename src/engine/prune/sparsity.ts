/** Reject a sparsity outside [0, 1) with a message naming the field it came from. */
export function checkSparsity(sparsity: number, field = 'sparsity'): void {
  if (!Number.isFinite(sparsity) || sparsity < 0 || sparsity >= 1) {
    throw new Error(`${field} must be in [0, 1), got ${sparsity}`);
  }
}

/** Number of weights a mask over `total` weights keeps at `sparsity`: round((1 − s)·N). */
export function keptCount(total: number, sparsity: number): number {
  return Math.round((1 - sparsity) * total);
}
