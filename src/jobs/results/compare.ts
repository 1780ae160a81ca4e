import type { ComparisonRow, ComparisonTable, Evaluation, Run } from '../../shared/api';
import type { Store } from '../../store';
import { listEvaluations } from './evaluations';
import { maskReport } from './mask-reports';

/**
 * Metric names a run's jobs record for the comparison (last value wins): `audio_hours` seen in training,
 * `non_zeros` and `sparsity` of the final model. Training steps are the last step of `loss`.
 */
export const COMPARISON_METRICS = {
  audioHours: 'audio_hours',
  nonZeros: 'non_zeros',
  sparsity: 'sparsity',
  loss: 'loss',
} as const;

/** The tag that puts a run into a reproduction group. */
export const groupTag = (groupId: string) => `group:${groupId}`;

/** Systems told the utterance language at test time (PAPER.md): language-specific pathways and LSP masks. */
const TOLD_LANGUAGE_KINDS = new Set(['lsp', 'pathways']);

function systemOf(run: Run): string {
  return typeof run.config.system === 'string' ? run.config.system : run.kind;
}

function lastMetric(store: Store, runId: string, name: string): { step: number; value: number } | undefined {
  return store.db
    .prepare('SELECT step, value FROM metrics WHERE run_id = ? AND name = ? ORDER BY step DESC LIMIT 1')
    .get(runId, name) as { step: number; value: number } | undefined;
}

/** The evaluation a run is compared on: its newest on the test split, else its newest. */
function evaluationOf(store: Store, runId: string): Evaluation | undefined {
  const all = listEvaluations(store.db, runId);
  return all.find((e) => e.split === 'test') ?? all[0];
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

function sampleStd(xs: number[]): number {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1));
}

interface Scored {
  run: Run;
  evaluation: Evaluation;
}

function row(store: Store, group: Scored[], languages: string[]): ComparisonRow {
  const first = group[0].run;
  const perLanguage: ComparisonRow['perLanguage'] = {};
  for (const language of languages) {
    const scores = group.map((g) => g.evaluation.perLanguage[language]).filter((s) => s !== undefined);
    if (scores.length === 0) continue;
    perLanguage[language] = {
      wer: mean(scores.map((s) => s.wer)),
      cer: mean(scores.map((s) => s.cer)),
      utterances: scores[0].utterances,
    };
  }
  const present = Object.values(perLanguage);
  const seedAverages = group.map((g) => mean(Object.values(g.evaluation.perLanguage).map((s) => s.wer)));
  const report = maskReport(store.db, first.id);
  const metric = (name: string) => mean(group.map((g) => lastMetric(store, g.run.id, name)?.value ?? 0));
  const steps = mean(group.map((g) => lastMetric(store, g.run.id, COMPARISON_METRICS.loss)?.step ?? 0));
  return {
    runId: first.id,
    system: systemOf(first),
    seedCount: group.length,
    toldLanguage:
      typeof first.config.toldLanguage === 'boolean'
        ? first.config.toldLanguage
        : TOLD_LANGUAGE_KINDS.has(first.kind),
    computeMatched: first.config.computeMatched === true,
    steps: Math.round(steps),
    audioHoursSeen: metric(COMPARISON_METRICS.audioHours),
    nonZeros: Math.round(metric(COMPARISON_METRICS.nonZeros)),
    sparsity: metric(COMPARISON_METRICS.sparsity),
    unionSparsity: report ? 1 - report.overall.unionDensity : null,
    perLanguage,
    avgWer: present.length ? mean(present.map((s) => s.wer)) : 0,
    avgCer: present.length ? mean(present.map((s) => s.cer)) : 0,
    werSpread: group.length > 1 ? sampleStd(seedAverages) : null,
    relWerVsDense: null,
    relWerVsLap: null,
  };
}

function relative(value: number, base: ComparisonRow | undefined): number | null {
  return base && base.avgWer > 0 ? (value - base.avgWer) / base.avgWer : null;
}

/**
 * The paper-style comparison of evaluated runs: one row per system (runs of the same system and compute
 * matching are seeds of one row: mean per language, spread = sample standard deviation of the seeds' average
 * WER), relative WER change against Dense and LAP, and the overlap summary of the first run with a mask report.
 * Runs without an evaluation are left out.
 */
export function compareRuns(
  store: Store,
  filter: { runIds?: string[]; groupId?: string } = {},
): ComparisonTable {
  let runs = store.runs.list().reverse();
  if (filter.runIds) runs = runs.filter((r) => filter.runIds!.includes(r.id));
  if (filter.groupId) runs = runs.filter((r) => r.tags.includes(groupTag(filter.groupId!)));
  const scored = runs
    .map((run) => ({ run, evaluation: evaluationOf(store, run.id) }))
    .filter((s): s is Scored => s.evaluation !== undefined);
  const languages = [...new Set(scored.flatMap((s) => Object.keys(s.evaluation.perLanguage)))].sort();
  const groups = new Map<string, Scored[]>();
  for (const s of scored) {
    const key = `${systemOf(s.run)}|${s.run.config.computeMatched === true}`;
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  const rows = [...groups.values()].map((g) => row(store, g, languages));
  const dense = rows.find((r) => r.system === 'dense' && !r.computeMatched);
  const lap = rows.find((r) => r.system === 'lap' && !r.computeMatched);
  for (const r of rows) {
    r.relWerVsDense = relative(r.avgWer, dense);
    r.relWerVsLap = relative(r.avgWer, lap);
  }
  const withReport = scored.map((s) => maskReport(store.db, s.run.id)).find((r) => r !== undefined);
  return {
    languages,
    rows,
    overlap: withReport
      ? {
          meanPairIou: withReport.overall.pairs.length ? mean(withReport.overall.pairs.map((p) => p.iou)) : 1,
          sharedByAll: withReport.overall.sharedByAll,
          unionDensity: withReport.overall.unionDensity,
        }
      : null,
  };
}
