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

/** The run config the form describes (validated by `runs.validate` with the worker's schema). */
export function runConfig(form: RunForm): Record<string, unknown> {
  const pruned = form.method !== 'dense' && form.method !== 'dense-small';
  return {
    method: form.method,
    preset: form.preset,
    steps: form.steps,
    schedule: {
      kind: 'tri-stage',
      peak: form.peakLr,
      warmupSteps: form.warmupSteps,
      holdSteps: form.holdSteps,
      decaySteps: form.decaySteps,
    },
    ...(pruned
      ? { sparsity: Object.fromEntries(form.languages.map((l) => [l, form.sparsity[l] ?? 0.7])) }
      : {}),
    ...(form.maskSourceRunId && METHODS.find((m) => m.value === form.method)?.needsMasks
      ? { maskSource: form.maskSourceRunId }
      : {}),
  };
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
