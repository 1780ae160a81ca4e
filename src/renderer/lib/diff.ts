import type { z } from 'zod';
import type { AlignmentOpSchema } from '../../shared/api';

export type AlignmentOp = z.infer<typeof AlignmentOpSchema>;
export type DiffKind = 'correct' | 'substitution' | 'insertion' | 'deletion';

/** One column of the reference-over-hypothesis diff. */
export interface DiffColumn {
  kind: DiffKind;
  ref: string | null;
  hyp: string | null;
  /** Index of the hypothesis word (into the timed words) for columns that have one. */
  hypIndex: number | null;
  label: string;
}

const KIND: Record<AlignmentOp['op'], DiffKind> = {
  C: 'correct',
  S: 'substitution',
  I: 'insertion',
  D: 'deletion',
};

/** Turn word alignment ops into display columns, numbering hypothesis words so they can be matched to timings. */
export function diffColumns(ops: readonly AlignmentOp[]): DiffColumn[] {
  let hypIndex = 0;
  return ops.map((op) => {
    const kind = KIND[op.op];
    const hasHyp = op.op !== 'D';
    const column: DiffColumn = {
      kind,
      ref: op.op === 'I' ? null : op.ref,
      hyp: hasHyp ? op.hyp : null,
      hypIndex: hasHyp ? hypIndex : null,
      label:
        kind === 'correct'
          ? `correct: ${op.ref}`
          : kind === 'substitution'
            ? `substitution: ${op.ref} → ${op.hyp}`
            : kind === 'insertion'
              ? `insertion: ${op.hyp}`
              : `deletion: ${op.ref}`,
    };
    if (hasHyp) hypIndex += 1;
    return column;
  });
}

/** Substitution, insertion and deletion counts of an alignment. */
export function diffCounts(ops: readonly AlignmentOp[]): Record<'S' | 'I' | 'D', number> {
  const counts = { S: 0, I: 0, D: 0 };
  for (const op of ops) if (op.op !== 'C') counts[op.op] += 1;
  return counts;
}
