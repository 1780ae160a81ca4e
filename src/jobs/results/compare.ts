import {
  DENSE_START,
  systemSpec,
  type BaselineDelta,
  type ComparisonRow,
  type ComparisonTable,
  type LanguageScore,
  type Run,
} from '../../shared/api';
import type { Store } from '../../store';
import { COMPUTE_METRICS } from '../recipes/compute';
import { BOOTSTRAP_DEFAULTS, pairedBootstrap } from './bootstrap';
import { preregistrationNote, preregistrationStatus } from './preregistration';
import {
  evaluationOf,
  pairScores,
  systemScores,
  TestSetMismatchError,
  type EvaluatedRun,
  type TestSetScores,
} from './test-set-scores';

/**
 * Metric names a run's jobs record for the comparison (last value wins): `audio_hours` seen in training (running
 * total), `non_zeros` and `sparsity` of the final model, and the compute totals `train_steps` / `audio_seconds`
 * (older runs lack them: the last step of `loss` and `audio_hours` stand in).
 */
export const COMPARISON_METRICS = {
  audioHours: 'audio_hours',
  nonZeros: 'non_zeros',
  sparsity: 'sparsity',
  loss: 'loss',
  trainSteps: COMPUTE_METRICS.steps,
  audioSeconds: COMPUTE_METRICS.audioSeconds,
} as const;

/** The tag that puts a run into a reproduction group. */
export const groupTag = (groupId: string) => `group:${groupId}`;
/** The tag of a reused dense run that is a group's dense checkpoint (its row is `dense-start`). */
export const denseStartTag = (groupId: string) => `dense-start:${groupId}`;

/** Runs of no system of the table told the language at test time, by kind: language-specific pathways and LSP masks. */
const TOLD_LANGUAGE_KINDS = new Set(['lsp', 'pathways']);
/** Runs whose output (a mask) other runs use: their compute counts toward those runs' (compute-matched view). */
const MASK_SOURCE_KINDS = new Set(['lsp', 'lap']);

export const SPREAD_NOTE =
  'Spread over seeds: sample standard deviation (sd) and min–max of each seed’s average over languages. ' +
  'Steps and audio are per seed; "incl. mask runs" adds the LSP/LAP runs whose masks a system uses ' +
  '(dense pre-training, shared by all, is not counted).';

/** What the Δ columns against Dense and LAP hold. */
export const bootstrapNote = (resamples: number) =>
  'Δ vs Dense / LAP: the row minus that row, in points of the average over languages, with a 95 % paired ' +
  `bootstrap interval over ${resamples} resamples of the test utterances within each language (seeds averaged ` +
  'per utterance); * the interval excludes 0; P(better): the share of resamples where the row is better.';

/** The system a run stands for in a comparison: its config's `system`, or `dense-start` for a group's reused dense run. */
export function systemOf(run: Run, groupId: string | undefined): string {
  if (groupId && run.tags.includes(denseStartTag(groupId))) return DENSE_START;
  return typeof run.config.system === 'string' ? run.config.system : run.kind;
}

/** The sampling scheme a run's config names, as the table states it; null when it names none. */
function samplingOf(run: Run): string | null {
  const s = run.config.sampling as { scheme?: unknown; temperature?: unknown } | undefined;
  if (typeof s?.scheme !== 'string') return null;
  return s.scheme === 'temperature' ? `temperature T=${String(s.temperature)}` : s.scheme;
}

/**
 * How a run started from another run's weights set its learning rate, as the table states it: its `finetune`
 * schedule (default 'continue'), or 'own schedule' when it configures one; null for training from scratch.
 */
function finetuneOf(run: Run): string | null {
  const parents = run.config.parentRunIds;
  if (!Array.isArray(parents) || parents.length === 0) return null;
  if (run.config.schedule) return 'own schedule';
  const f = run.config.finetune as { schedule?: unknown; warmupSteps?: unknown } | undefined;
  const schedule = typeof f?.schedule === 'string' ? f.schedule : 'continue';
  return typeof f?.warmupSteps === 'number' && f.warmupSteps > 0
    ? `${schedule}, warm-up ${f.warmupSteps}`
    : schedule;
}

/** Steps and seconds of audio a run's own training used. */
function computeOf(store: Store, runId: string): { steps: number; audioSeconds: number } {
  const last = (name: string) => store.runs.lastMetric(runId, name);
  const steps = last(COMPARISON_METRICS.trainSteps)?.value ?? last(COMPARISON_METRICS.loss)?.step ?? 0;
  const audioSeconds =
    last(COMPARISON_METRICS.audioSeconds)?.value ?? (last(COMPARISON_METRICS.audioHours)?.value ?? 0) * 3600;
  return { steps, audioSeconds };
}

/** The LSP and LAP runs a run descends from (through any chain of parents), each once. */
function maskSources(store: Store, run: Run, seen = new Set<string>()): Run[] {
  const parents = Array.isArray(run.config.parentRunIds) ? (run.config.parentRunIds as string[]) : [];
  const out: Run[] = [];
  for (const id of parents) {
    if (seen.has(id)) continue;
    seen.add(id);
    const parent = store.runs.get(id);
    if (!parent) continue;
    if (MASK_SOURCE_KINDS.has(parent.kind)) out.push(parent);
    out.push(...maskSources(store, parent, seen));
  }
  return out;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

function sampleStd(xs: number[]): number {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1));
}

/** One seed of a system: its runs (one, or one per language for LSP) and their scores merged by language. */
interface SeedResult {
  seed: number;
  runs: Run[];
  perLanguage: Record<string, LanguageScore>;
}

function bySeed(group: EvaluatedRun[]): SeedResult[] {
  const seeds = new Map<number, SeedResult>();
  for (const { run, evaluation } of group) {
    const entry = seeds.get(run.seed) ?? { seed: run.seed, runs: [], perLanguage: {} };
    entry.runs.push(run);
    Object.assign(entry.perLanguage, evaluation.perLanguage);
    seeds.set(run.seed, entry);
  }
  return [...seeds.values()].sort((a, b) => a.seed - b.seed);
}

function spread(xs: number[]): { sd: number | null; min: number; max: number } {
  return { sd: xs.length > 1 ? sampleStd(xs) : null, min: Math.min(...xs), max: Math.max(...xs) };
}

function row(store: Store, group: EvaluatedRun[], languages: string[], system: string): ComparisonRow {
  const first = group[0].run;
  const computeMatched = first.config.computeMatched === true;
  // a reproduction's runs are its table's systems; a run made by hand only shares the name
  const spec = first.tags.some((t) => t.startsWith(groupTag('')))
    ? systemSpec(system, computeMatched)
    : undefined;
  const seeds = bySeed(group);
  const perLanguage: ComparisonRow['perLanguage'] = {};
  for (const language of languages) {
    const scores = seeds.map((s) => s.perLanguage[language]).filter((s) => s !== undefined);
    if (scores.length === 0) continue;
    perLanguage[language] = {
      wer: mean(scores.map((s) => s.wer)),
      cer: mean(scores.map((s) => s.cer)),
      utterances: scores[0].utterances,
    };
  }
  const present = Object.values(perLanguage);
  const seedAverage = (s: SeedResult, rate: 'wer' | 'cer') =>
    mean(Object.values(s.perLanguage).map((x) => x[rate]));
  const wer = spread(seeds.map((s) => seedAverage(s, 'wer')));
  const cer = spread(seeds.map((s) => seedAverage(s, 'cer')));
  const report = store.maskReports.get(first.id);
  const metric = (name: string) => mean(group.map((g) => store.runs.lastMetric(g.run.id, name)?.value ?? 0));
  const own = seeds.map((s) => {
    const c = s.runs.map((r) => computeOf(store, r.id));
    return { steps: c.reduce((n, x) => n + x.steps, 0), audio: c.reduce((n, x) => n + x.audioSeconds, 0) };
  });
  const withSources = seeds.map((s, i) => {
    const sources = new Map(s.runs.flatMap((r) => maskSources(store, r)).map((r) => [r.id, r]));
    const c = [...sources.keys()].map((id) => computeOf(store, id));
    return {
      steps: own[i].steps + c.reduce((n, x) => n + x.steps, 0),
      audio: own[i].audio + c.reduce((n, x) => n + x.audioSeconds, 0),
    };
  });
  return {
    runId: first.id,
    system,
    label: spec?.label ?? null,
    sampling: [...new Set(group.map((g) => samplingOf(g.run)).filter((s) => s !== null))].join(' / ') || null,
    finetune: [...new Set(group.map((g) => finetuneOf(g.run)).filter((s) => s !== null))].join(' / ') || null,
    seedCount: seeds.length,
    seeds: seeds.map((s) => s.seed),
    toldLanguage: spec?.toldLanguage ?? TOLD_LANGUAGE_KINDS.has(first.kind),
    computeMatched,
    steps: Math.round(mean(own.map((x) => x.steps))),
    audioHoursSeen: mean(own.map((x) => x.audio)) / 3600,
    stepsWithMaskRuns: Math.round(mean(withSources.map((x) => x.steps))),
    audioHoursWithMaskRuns: mean(withSources.map((x) => x.audio)) / 3600,
    nonZeros: Math.round(metric(COMPARISON_METRICS.nonZeros)),
    sparsity: metric(COMPARISON_METRICS.sparsity),
    unionSparsity: report ? 1 - report.overall.unionDensity : null,
    perLanguage,
    avgWer: present.length ? mean(present.map((s) => s.wer)) : 0,
    avgCer: present.length ? mean(present.map((s) => s.cer)) : 0,
    werSpread: wer.sd,
    cerSpread: cer.sd,
    werRange: { min: wer.min, max: wer.max },
    cerRange: { min: cer.min, max: cer.max },
    relWerVsDense: null,
    relWerVsLap: null,
    relCerVsDense: null,
    relCerVsLap: null,
    relWerVsDenseMatched: null,
    relWerVsLapMatched: null,
    relCerVsDenseMatched: null,
    relCerVsLapMatched: null,
    deltaVsDense: null,
    deltaVsLap: null,
  };
}

function relative(value: number, base: number | undefined): number | null {
  return base !== undefined && base > 0 ? (value - base) / base : null;
}

/** A row against a baseline row by paired bootstrap; null for the baseline itself or without one. */
function baselineDelta(
  scoresOf: (row: ComparisonRow) => TestSetScores,
  row: ComparisonRow,
  base: ComparisonRow | undefined,
  resamples: number | undefined,
): BaselineDelta | null {
  if (!base || base === row) return null;
  try {
    return {
      bootstrap: pairedBootstrap(pairScores(scoresOf(base), scoresOf(row)), { resamples }),
      refused: null,
    };
  } catch (error) {
    if (error instanceof TestSetMismatchError) return { bootstrap: null, refused: error.message };
    throw error;
  }
}

/**
 * The paper-style comparison of evaluated runs: one row per system and compute matching (runs of a row differ in
 * seed, and LSP rows hold one run per language): mean per language over seeds, the spread of the seeds' averages
 * (sample sd and min–max), relative WER and CER change against Dense (+ F) and LAP and against their
 * compute-matched rows, whether the system is told the language at test time, steps and audio per seed (own, and
 * with the LSP/LAP runs whose masks it uses), the overlap summary of the first run with a mask report, and the
 * paired bootstrap interval of each row's change against Dense and LAP (`resamples` draws; refused, with the
 * reason, when the two rows were scored on different test sets). Runs without an evaluation are left out.
 */
export function compareRuns(
  store: Store,
  filter: { runIds?: string[]; groupId?: string; resamples?: number } = {},
): ComparisonTable {
  let runs = store.runs.list().reverse();
  if (filter.runIds) runs = runs.filter((r) => filter.runIds!.includes(r.id));
  if (filter.groupId) runs = runs.filter((r) => r.tags.includes(groupTag(filter.groupId!)));
  const scored = runs
    .map((run) => ({ run, evaluation: evaluationOf(store, run.id) }))
    .filter((s): s is EvaluatedRun => s.evaluation !== undefined);
  const languages = [...new Set(scored.flatMap((s) => Object.keys(s.evaluation.perLanguage)))].sort();
  const groups = new Map<string, { system: string; runs: EvaluatedRun[] }>();
  for (const s of scored) {
    const system = systemOf(s.run, filter.groupId);
    const key = `${system}|${s.run.config.computeMatched === true}`;
    const entry = groups.get(key) ?? { system, runs: [] };
    entry.runs.push(s);
    groups.set(key, entry);
  }
  const grouped = [...groups.values()].map((g) => ({
    group: g,
    row: row(store, g.runs, languages, g.system),
  }));
  const rows = grouped.map((g) => g.row);
  const scores = new Map<ComparisonRow, TestSetScores>();
  const scoresOf = (r: ComparisonRow) => {
    const { group } = grouped.find((g) => g.row === r)!;
    const name = `${r.system}${r.computeMatched ? ' (compute-matched)' : ''}`;
    const s = scores.get(r) ?? systemScores(store, name, group.runs);
    scores.set(r, s);
    return s;
  };
  const base = (system: string, matched: boolean) =>
    rows.find((r) => r.system === system && r.computeMatched === matched);
  const [dense, lap, denseMatched, lapMatched] = [
    base('dense', false),
    base('lap', false),
    base('dense', true),
    base('lap', true),
  ];
  for (const r of rows) {
    r.relWerVsDense = relative(r.avgWer, dense?.avgWer);
    r.relWerVsLap = relative(r.avgWer, lap?.avgWer);
    r.relCerVsDense = relative(r.avgCer, dense?.avgCer);
    r.relCerVsLap = relative(r.avgCer, lap?.avgCer);
    r.relWerVsDenseMatched = relative(r.avgWer, denseMatched?.avgWer);
    r.relWerVsLapMatched = relative(r.avgWer, lapMatched?.avgWer);
    r.relCerVsDenseMatched = relative(r.avgCer, denseMatched?.avgCer);
    r.relCerVsLapMatched = relative(r.avgCer, lapMatched?.avgCer);
    r.deltaVsDense = baselineDelta(scoresOf, r, dense, filter.resamples);
    r.deltaVsLap = baselineDelta(scoresOf, r, lap, filter.resamples);
  }
  const withReport = scored.map((s) => store.maskReports.get(s.run.id)).find((r) => r !== undefined);
  const preregistration = filter.groupId ? preregistrationStatus(store, filter.groupId) : null;
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
    notes: [
      ...(preregistration ? [preregistrationNote(preregistration)] : []),
      SPREAD_NOTE,
      bootstrapNote(filter.resamples ?? BOOTSTRAP_DEFAULTS.resamples),
    ],
    preregistration,
  };
}
