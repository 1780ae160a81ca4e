import type { RequestOf } from '../../shared/api';
import { MODEL_PRESETS, PATHWAY_METHODS } from '../../shared/api';

export type Method = 'dense' | 'dense-small' | (typeof PATHWAY_METHODS)[number];
export type Preset = (typeof MODEL_PRESETS)[number];

export const METHODS: { value: Method; label: string; needsMasks: boolean }[] = [
  { value: 'dense', label: 'Dense (baseline)', needsMasks: false },
  { value: 'dense-small', label: 'Small dense (matched non-zeros)', needsMasks: false },
  { value: 'lap', label: 'LAP — language-agnostic pruning', needsMasks: false },
  { value: 'lsp-imp', label: 'LSP — language-specific, IMP', needsMasks: false },
  { value: 'lsp-lth', label: 'LSP — language-specific, lottery ticket', needsMasks: false },
  { value: 'pathways', label: 'Pathways (LSP masks)', needsMasks: true },
  { value: 'pathways-random', label: 'Pathways with random masks', needsMasks: false },
  { value: 'pathways-dynamic', label: 'Dynamic pathways', needsMasks: true },
];

/** Everything the Pathways form holds. */
export interface RunForm {
  name: string;
  datasetIds: string[];
  languages: string[];
  method: Method;
  /** Per-language sparsity target in [0, 1). */
  sparsity: Record<string, number>;
  /** The LSP run whose masks a pathways run uses. */
  maskSourceRunId: string;
  /** The dense run to start from (pruning methods). */
  parentRunId: string;
  preset: Preset;
  seed: number;
  steps: number;
  peakLr: number;
  warmupSteps: number;
  holdSteps: number;
  decaySteps: number;
}

export function defaultRunForm(): RunForm {
  return {
    name: '',
    datasetIds: [],
    languages: [],
    method: 'pathways',
    sparsity: {},
    maskSourceRunId: '',
    parentRunId: '',
    preset: 'demo',
    seed: 1,
    steps: 2000,
    peakLr: 0.001,
    warmupSteps: 200,
    holdSteps: 600,
    decaySteps: 1200,
  };
}

/** The run kind of a method (the contract's RUN_KINDS); LSP and pathway variants are told apart in config.method. */
export function runKind(method: Method): RequestOf<'runs.create'>['kind'] {
  if (method === 'dense' || method === 'dense-small' || method === 'lap') return method;
  return method.startsWith('lsp') ? 'lsp' : 'pathways';
}

/** Mean of the per-language sparsity targets of the selected languages (the worker takes one target a run). */
export function meanSparsity(form: RunForm): number {
  const targets = form.languages.map((l) => form.sparsity[l] ?? 0.7);
  return targets.length ? targets.reduce((a, b) => a + b, 0) / targets.length : 0.7;
}

/**
 * The run config the form describes, in the worker's schema (validated by `runs.validate`): dense runs take the
 * model and schedule; LAP and pathways one sparsity target; an LSP run prunes for one language, the first selected.
 */
export function runConfig(form: RunForm): Record<string, unknown> {
  const common = {
    preset: form.preset,
    steps: form.steps,
    schedule: {
      kind: 'tri-stage',
      peak: form.peakLr,
      warmupSteps: form.warmupSteps,
      holdSteps: form.holdSteps,
      decaySteps: form.decaySteps,
    },
  };
  if (form.method === 'dense' || form.method === 'dense-small') return common;
  if (form.method.startsWith('lsp')) {
    const language = form.languages[0];
    return { ...common, method: form.method, language, sparsity: form.sparsity[language] ?? 0.7 };
  }
  return { ...common, method: form.method, sparsity: meanSparsity(form) };
}

/** The `runs.create` request of the form. */
export function createRequest(form: RunForm): RequestOf<'runs.create'> {
  const parents = [
    form.parentRunId,
    METHODS.find((m) => m.value === form.method)?.needsMasks ? form.maskSourceRunId : '',
  ].filter(Boolean);
  return {
    kind: runKind(form.method),
    ...(form.name.trim() ? { name: form.name.trim() } : {}),
    datasetIds: form.datasetIds,
    languages: form.languages,
    seed: form.seed,
    config: runConfig(form),
    parentRunIds: [...new Set(parents)],
  };
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
