/**
 * sclite-style scoring of two trn files: utterances matched by id, word alignment per utterance,
 * totals and a per-speaker breakdown, with missing and extra ids reported.
 */
import { LEVENSHTEIN_WEIGHTS, type EditWeights } from './align';
import {
  addCounts,
  errorRate,
  scoreTokens,
  wordsOf,
  ZERO_COUNTS,
  type ErrorCounts,
  type UtteranceScore,
} from './error-rate';
import { werSummaryLine } from './errs';
import { parseTrn } from './trn';

export interface TrnScoreOptions {
  /** Default Levenshtein; SCLITE_WEIGHTS reproduces sclite's S/D/I split. */
  weights?: EditWeights;
  /**
   * A reference id absent from the hypothesis: 'skip' leaves it out of the totals, as sclite does
   * (default); 'delete' scores it against an empty hypothesis (all deletions).
   */
  missing?: 'skip' | 'delete';
  /** Names used in problem messages. */
  refSource?: string;
  hypSource?: string;
}

export interface ScoredUtterance extends UtteranceScore {
  id: string;
  speaker: string;
  ref: string;
  hyp: string;
}

export interface ScoreGroup extends ErrorCounts {
  utterances: number;
  /** Utterances with at least one error. */
  sentenceErrors: number;
  /** 100 · errors / reference words. */
  werPercent: number;
}

export interface TrnScore extends ScoreGroup {
  speakers: Map<string, ScoreGroup>;
  perUtterance: ScoredUtterance[];
  /** Reference ids without a hypothesis line. */
  missing: string[];
  /** Hypothesis ids without a reference line (never scored). */
  extra: string[];
  /** Unreadable or duplicate lines of either file. */
  problems: string[];
}

function group(utterances: ScoredUtterance[]): ScoreGroup {
  const counts = utterances.reduce<ErrorCounts>((sum, u) => addCounts(sum, u), { ...ZERO_COUNTS });
  return {
    ...counts,
    utterances: utterances.length,
    sentenceErrors: utterances.filter((u) => u.errors > 0).length,
    werPercent: 100 * errorRate(counts),
  };
}

export function scoreTrn(refText: string, hypText: string, options: TrnScoreOptions = {}): TrnScore {
  const weights = options.weights ?? LEVENSHTEIN_WEIGHTS;
  const ref = parseTrn(refText, options.refSource ?? 'ref');
  const hyp = parseTrn(hypText, options.hypSource ?? 'hyp');
  const hypById = new Map(hyp.entries.map((entry) => [entry.id, entry]));
  const refIds = new Set(ref.entries.map((entry) => entry.id));
  const missing: string[] = [];
  const perUtterance: ScoredUtterance[] = [];
  for (const entry of ref.entries) {
    const hypEntry = hypById.get(entry.id);
    if (!hypEntry) {
      missing.push(entry.id);
      if ((options.missing ?? 'skip') === 'skip') continue;
    }
    const hypLine = hypEntry?.text ?? '';
    const score = scoreTokens(wordsOf(entry.text), wordsOf(hypLine), weights);
    perUtterance.push({ ...score, id: entry.id, speaker: entry.speaker, ref: entry.text, hyp: hypLine });
  }
  const bySpeaker = new Map<string, ScoredUtterance[]>();
  for (const u of perUtterance) bySpeaker.set(u.speaker, [...(bySpeaker.get(u.speaker) ?? []), u]);
  return {
    ...group(perUtterance),
    speakers: new Map([...bySpeaker].map(([speaker, list]) => [speaker, group(list)])),
    perUtterance,
    missing,
    extra: hyp.entries.filter((entry) => !refIds.has(entry.id)).map((entry) => entry.id),
    problems: [...ref.problems, ...hyp.problems],
  };
}

const pct = (part: number, whole: number): string => (whole === 0 ? 0 : (100 * part) / whole).toFixed(1);

function row(label: string, g: ScoreGroup): string {
  const cells = [g.correct, g.substitutions, g.deletions, g.insertions, g.errors].map((n) =>
    pct(n, g.refLength),
  );
  return (
    `| ${label.padEnd(10)} | ${String(g.utterances).padStart(5)} ${String(g.refLength).padStart(6)} | ` +
    `${cells.map((c) => c.padStart(6)).join(' ')} ${pct(g.sentenceErrors, g.utterances).padStart(6)} |`
  );
}

/** Text report in the layout of sclite's "SYSTEM SUMMARY PERCENTAGES by SPEAKER", plus the totals line. */
export function formatTrnSummary(score: TrnScore, title = 'hyp'): string {
  const header = `| ${'SPKR'.padEnd(10)} | # Snt  # Wrd |   Corr    Sub    Del    Ins    Err  S.Err |`;
  const rule = `|${'-'.repeat(header.length - 2)}|`;
  const lines = [
    `SYSTEM SUMMARY PERCENTAGES by SPEAKER: ${title}`,
    rule,
    header,
    rule,
    ...[...score.speakers].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([spk, g]) => row(spk, g)),
    rule,
    row('Sum/Avg', score),
    rule,
    werSummaryLine(score),
    `utterances ${score.utterances}, words ${score.refLength}, correct ${score.correct}, ` +
      `sub ${score.substitutions}, del ${score.deletions}, ins ${score.insertions}, errors ${score.errors}, ` +
      `sentence errors ${score.sentenceErrors}`,
  ];
  if (score.missing.length)
    lines.push(`missing in hypothesis (${score.missing.length}): ${score.missing.join(' ')}`);
  if (score.extra.length)
    lines.push(`extra in hypothesis, not scored (${score.extra.length}): ${score.extra.join(' ')}`);
  for (const problem of score.problems) lines.push(`warning: ${problem}`);
  return lines.join('\n') + '\n';
}
