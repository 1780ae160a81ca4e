/**
 * icefall-style `errs` report (the layout of icefall's write_error_stats): totals, per-utterance
 * `(REF->HYP)` markup with successive errors merged, substitution / deletion / insertion tables and
 * per-word statistics. Also the Kaldi / icefall one-line summary `%WER 12.34 [ 5 / 40, 1 ins, 2 del, 2 sub ]`.
 */
import type { AlignmentOp } from './align';
import { countErrors, addCounts, errorRate, ZERO_COUNTS, type ErrorCounts } from './error-rate';

const NONE = '*';

export function werSummaryLine(counts: ErrorCounts, label = 'WER'): string {
  return (
    `%${label} ${(100 * errorRate(counts)).toFixed(2)} [ ${counts.errors} / ${counts.refLength}, ` +
    `${counts.insertions} ins, ${counts.deletions} del, ${counts.substitutions} sub ]`
  );
}

/** One utterance line: correct words as they are, runs of successive errors as `(ref words->hyp words)`. */
export function markupErrors(alignment: readonly AlignmentOp[]): string {
  const parts: string[] = [];
  let refRun: string[] = [];
  let hypRun: string[] = [];
  const flush = (): void => {
    if (refRun.length + hypRun.length === 0) return;
    parts.push(`(${refRun.length ? refRun.join(' ') : NONE}->${hypRun.length ? hypRun.join(' ') : NONE})`);
    refRun = [];
    hypRun = [];
  };
  for (const { op, ref, hyp } of alignment) {
    if (op === 'C') {
      flush();
      parts.push(ref ?? '');
      continue;
    }
    if (ref !== null) refRun.push(ref);
    if (hyp !== null) hypRun.push(hyp);
  }
  flush();
  return parts.join(' ');
}

/** Descending by count, then by key (as icefall sorts its (count, key) tuples in reverse). */
function sortedCounts(map: Map<string, number>): Array<[string, number]> {
  return [...map].sort(([ka, a], [kb, b]) => b - a || (ka < kb ? 1 : ka > kb ? -1 : 0));
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

export function formatErrs(utterances: Iterable<{ id: string; alignment: readonly AlignmentOp[] }>): string {
  const subs = new Map<string, number>();
  const dels = new Map<string, number>();
  const ins = new Map<string, number>();
  // Per word: correct, as ref of a substitution, as hyp of a substitution, inserted, deleted.
  const words = new Map<string, [number, number, number, number, number]>();
  const stats = (word: string) => {
    let entry = words.get(word);
    if (!entry) words.set(word, (entry = [0, 0, 0, 0, 0]));
    return entry;
  };
  let total: ErrorCounts = { ...ZERO_COUNTS };
  const details: string[] = [];
  for (const { id, alignment } of utterances) {
    total = addCounts(total, countErrors(alignment));
    details.push(`${id}:\t${markupErrors(alignment)}`);
    for (const { op, ref, hyp } of alignment) {
      if (op === 'C') stats(ref!)[0]++;
      else if (op === 'S') {
        bump(subs, `${ref} -> ${hyp}`);
        stats(ref!)[1]++;
        stats(hyp!)[2]++;
      } else if (op === 'I') {
        bump(ins, hyp!);
        stats(hyp!)[3]++;
      } else {
        bump(dels, ref!);
        stats(ref!)[4]++;
      }
    }
  }
  const lines = [
    `%WER = ${(100 * errorRate(total)).toFixed(2)}`,
    `Errors: ${total.insertions} insertions, ${total.deletions} deletions, ${total.substitutions} substitutions, ` +
      `over ${total.refLength} reference words (${total.correct} correct)`,
    'Search below for sections starting with PER-UTT DETAILS:, SUBSTITUTIONS:, DELETIONS:, INSERTIONS:, PER-WORD STATS:',
    '',
    'PER-UTT DETAILS: corr or (ref->hyp)  ',
    ...details,
    '',
    'SUBSTITUTIONS: count ref -> hyp',
    ...sortedCounts(subs).map(([pair, count]) => `${count}   ${pair}`),
    '',
    'DELETIONS: count ref',
    ...sortedCounts(dels).map(([word, count]) => `${count}   ${word}`),
    '',
    'INSERTIONS: count hyp',
    ...sortedCounts(ins).map(([word, count]) => `${count}   ${word}`),
    '',
    'PER-WORD STATS: word  corr tot_errs count_in_ref count_in_hyp',
  ];
  const errorsOf = ([, refSub, hypSub, inserted, deleted]: number[]) => refSub + hypSub + inserted + deleted;
  const perWord = sortedCounts(new Map([...words].map(([word, entry]) => [word, errorsOf(entry)])));
  for (const [word, errors] of perWord) {
    const [corr, refSub, hypSub, inserted, deleted] = words.get(word)!;
    lines.push(`${word}   ${corr} ${errors} ${corr + refSub + deleted} ${corr + hypSub + inserted}`);
  }
  return lines.join('\n') + '\n';
}
