import type { ModelPreset, RequestOf, RunMethod } from '../../shared/api';
import { DEFAULT_SPARSITY, METHOD_RUN_KIND } from '../../shared/api';

export type Method = RunMethod;
export type Preset = ModelPreset;

/**
 * Where a method's starting point comes from: `dense` a dense run; `lsp` one LSP run per language (their masks);
 * `lsp-or-lap` a LAP run's mask for every language or one LSP run per language; `none` nothing (trains from scratch).
 */
export type Source = 'none' | 'dense' | 'lsp' | 'lsp-or-lap';

export const METHODS: { value: Method; label: string; source: Source }[] = [
  { value: 'dense', label: 'Dense (baseline)', source: 'none' },
  { value: 'dense-small', label: 'Small dense (matched non-zeros)', source: 'none' },
  { value: 'lap', label: 'LAP — language-agnostic pruning', source: 'dense' },
  { value: 'lsp-imp', label: 'LSP — language-specific, IMP (one run per language)', source: 'dense' },
  {
    value: 'lsp-lth',
    label: 'LSP — language-specific, lottery ticket (one run per language)',
    source: 'dense',
  },
  {
    value: 'lsp-adaptive',
    label: 'LSP — language-specific, adaptive re-pruning in one run (one run per language)',
    source: 'dense',
  },
  { value: 'pathways', label: 'Pathways (LSP masks)', source: 'lsp' },
  { value: 'pathways-random', label: 'Pathways with random masks', source: 'dense' },
  { value: 'pathways-dynamic', label: 'Dynamic pathways', source: 'lsp-or-lap' },
];

export function methodOf(value: Method): (typeof METHODS)[number] {
  return METHODS.find((m) => m.value === value) ?? METHODS[0];
}

/** Everything the Pathways form holds. */
export interface RunForm {
  name: string;
  datasetIds: string[];
  languages: string[];
  method: Method;
  /** Per-language sparsity target in [0, 1). */
  sparsity: Record<string, number>;
  /** The LSP run whose mask each language uses (fixed and dynamic pathways). */
  maskSources: Record<string, string>;
  /** The LAP run whose mask every language starts from (dynamic pathways, instead of LSP runs). */
  lapSourceRunId: string;
  /** The dense run to start from (pruning and random pathways). */
  parentRunId: string;
  preset: Preset;
  seed: number;
  steps: number;
  /**
   * Where a run started from another run's weights takes its learning rate: the form's tri-stage schedule, the
   * parent's schedule continued from its final rate, or the default schedule warmed up again. From scratch: the form's.
   */
  lrSource: 'form' | 'continue' | 'rewarm';
  peakLr: number;
  warmupSteps: number;
  holdSteps: number;
  decaySteps: number;
  /** Dense and fixed-mask pathways: the engine, or the PyTorch runner with `nproc` processes on `device`. */
  runner: 'engine' | 'torch';
  nproc: number;
  device: 'cpu' | 'cuda';
}

export function defaultRunForm(): RunForm {
  return {
    name: '',
    datasetIds: [],
    languages: [],
    method: 'pathways',
    sparsity: {},
    maskSources: {},
    lapSourceRunId: '',
    parentRunId: '',
    preset: 'demo',
    seed: 1,
    steps: 2000,
    lrSource: 'continue',
    peakLr: 0.001,
    warmupSteps: 200,
    holdSteps: 600,
    decaySteps: 1200,
    runner: 'engine',
    nproc: 1,
    device: 'cpu',
  };
}

/** The methods that can train on the PyTorch runner: dense, and pathways with fixed masks (fixed or random). */
const TORCH_METHODS: readonly Method[] = ['dense', 'dense-small', 'pathways', 'pathways-random'];
export const torchCapable = (method: Method): boolean => TORCH_METHODS.includes(method);

/** Whether the form's own schedule fields apply: always from scratch, and for fine-tuning when chosen. */
export function usesFormSchedule(form: RunForm): boolean {
  return methodOf(form.method).source === 'none' || form.lrSource === 'form';
}

/** The sparsity target of a language: the form's, else the default. */
export const sparsityOf = (form: RunForm, language: string): number =>
  form.sparsity[language] ?? DEFAULT_SPARSITY;

/** Mean of the per-language sparsity targets of the selected languages (the worker takes one target a run). */
export function meanSparsity(form: RunForm): number {
  const targets = form.languages.map((l) => sparsityOf(form, l));
  return targets.length ? targets.reduce((a, b) => a + b, 0) / targets.length : DEFAULT_SPARSITY;
}

/** One run the form launches: LSP methods launch one run per selected language, the others one run. */
export interface PlannedRun {
  /** The language of a per-language (LSP) run, else null. */
  language: string | null;
  /** The run config in the worker's schema (validated by `runs.validate`). */
  config: Record<string, unknown>;
}

/**
 * The run configs the form describes, in the worker's schema: dense runs take the model and schedule; LAP and
 * pathways one sparsity target (the mean of the languages' targets); each LSP run its language's target.
 */
export function plannedRuns(form: RunForm): PlannedRun[] {
  const schedule = {
    kind: 'tri-stage',
    peak: form.peakLr,
    warmupSteps: form.warmupSteps,
    holdSteps: form.holdSteps,
    decaySteps: form.decaySteps,
  };
  const runner = { kind: 'torch', nproc: form.nproc, device: form.device };
  const common = {
    preset: form.preset,
    steps: form.steps,
    ...(usesFormSchedule(form) ? { schedule } : { finetune: { schedule: form.lrSource } }),
    ...(form.runner === 'torch' && torchCapable(form.method) ? { runner } : {}),
  };
  if (form.method === 'dense' || form.method === 'dense-small') return [{ language: null, config: common }];
  if (form.method.startsWith('lsp')) {
    return form.languages.map((language) => ({
      language,
      config: { ...common, method: form.method, language, sparsity: sparsityOf(form, language) },
    }));
  }
  const config = { ...common, method: form.method, sparsity: meanSparsity(form) };
  // dynamic pathways start from the masks the form picked: a LAP run's, or the LSP runs' final ones
  if (form.method === 'pathways-dynamic')
    return [
      { language: null, config: { ...config, dynamic: { init: form.lapSourceRunId ? 'lap' : 'lsp' } } },
    ];
  return [{ language: null, config }];
}

/** The parent runs of the form's method: the dense run, the per-language LSP runs, or the LAP run. */
export function parentRunIds(form: RunForm): string[] {
  const source = methodOf(form.method).source;
  const lsp = () => form.languages.map((l) => form.maskSources[l] ?? '');
  const parents =
    source === 'dense'
      ? [form.parentRunId]
      : source === 'lsp'
        ? lsp()
        : source === 'lsp-or-lap'
          ? form.lapSourceRunId
            ? [form.lapSourceRunId]
            : lsp()
          : [];
  return [...new Set(parents.filter(Boolean))];
}

/** What the form still lacks before it can launch, as phrases for "To launch: …". */
export function missingChoices(form: RunForm): string[] {
  const reasons: string[] = [];
  if (!form.datasetIds.length) reasons.push('pick at least one dataset');
  if (!form.languages.length) reasons.push('pick at least one language');
  const source = methodOf(form.method).source;
  const withoutMask = form.languages.filter((l) => !form.maskSources[l]);
  if (source === 'dense' && !form.parentRunId) reasons.push('choose the dense run to start from');
  if (source === 'lsp' && withoutMask.length)
    reasons.push(`choose the LSP run whose mask ${withoutMask.join(', ')} uses`);
  if (source === 'lsp-or-lap' && !form.lapSourceRunId && withoutMask.length)
    reasons.push(`choose a LAP run, or an LSP run for ${withoutMask.join(', ')}`);
  return reasons;
}

/** The `runs.create` requests of the form, one per planned run. */
export function createRequests(form: RunForm): RequestOf<'runs.create'>[] {
  const name = form.name.trim();
  const parents = parentRunIds(form);
  return plannedRuns(form).map(({ language, config }) => ({
    kind: METHOD_RUN_KIND[form.method],
    ...(name ? { name: language ? `${name} ${language}` : name } : {}),
    datasetIds: form.datasetIds,
    languages: language ? [language] : form.languages,
    seed: form.seed,
    config,
    parentRunIds: parents,
  }));
}

/** Validation issues of a per-language run belong to that language's fields (`sparsity` → `sparsity.de`). */
export function issuesOfRun(
  run: PlannedRun,
  issues: readonly { path: string; message: string }[],
): { path: string; message: string }[] {
  if (!run.language) return [...issues];
  return issues.map((issue) =>
    issue.path === 'sparsity' ? { ...issue, path: `sparsity.${run.language}` } : issue,
  );
}

/**
 * Issues keyed by the form field they belong to: an issue path names a config field (`schedule.peak`,
 * `sparsity.de`); the field shows every issue at or below its own path. Issues no field claims stay in `other`.
 */
export function issuesByField(
  issues: readonly { path: string; message: string }[],
  fields: readonly string[],
): { byField: Record<string, string[]>; other: string[] } {
  const byField: Record<string, string[]> = {};
  const other: string[] = [];
  const ordered = [...fields].sort((a, b) => b.length - a.length);
  for (const issue of issues) {
    const path = issue.path.replace(/^config\./, '');
    const field = ordered.find((f) => path === f || path.startsWith(`${f}.`));
    if (field) (byField[field] ??= []).push(issue.message);
    else other.push(issue.path ? `${issue.path}: ${issue.message}` : issue.message);
  }
  return { byField, other };
}
