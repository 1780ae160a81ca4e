import type { RunKind } from './contract/experiments';

/** Where a system's masks come from (the "mask source" column of the systems table). */
export const MASK_SOURCES = {
  none: 'no mask: a dense model',
  'one-shot': 'one-shot magnitude pruning of the dense start (no data chooses it)',
  'imp-language': 'IMP rounds, each training on its language, then magnitude pruning',
  'imp-all': 'IMP rounds, each training on all languages mixed, then magnitude pruning',
  'lsp-runs': "the seed's LSP masks, one per language",
  random: 'a random mask per language',
  'adaptive-language':
    're-selected while training on its language, from the dense start (no mask) to the target',
  'lsp-middle':
    "the seed's LSP masks after IMP round 1 (a middle sparsity), re-selected while training up to the target",
} as const;
export type MaskSource = keyof typeof MASK_SOURCES;

/**
 * How many steps a system trains (the "budget" column): D dense pre-training, F fine-tuning, the LSP budget
 * r × s + final steps, D + F from scratch, or compute-matched: F plus the steps of the LSP runs pathways use.
 */
export const BUDGETS = {
  dense: 'D',
  finetune: 'F',
  lsp: 'r × s + final',
  'dense+finetune': 'D + F',
  matched: 'F + L × (r × s + final)',
} as const;
export type Budget = keyof typeof BUDGETS;

/** One system of the paper's comparison: a row of the reproduction's table and the runs that make it. */
export interface SystemSpec {
  /** The row's name (`config.system` of its runs); a compute-matched row shares its system's name. */
  system: string;
  /** What the system is, in a few words. */
  label: string;
  runKind: Exclude<RunKind, 'eval'>;
  /** Config of its runs beyond system, budget, sparsity and language: the method and its options. */
  config: Readonly<Record<string, unknown>>;
  /** The system whose runs of the same seed it starts from (all of them: one per language for LSP); null: from scratch. */
  parent: string | null;
  maskSource: MaskSource;
  budget: Budget;
  /** Told the utterance language at test time. */
  toldLanguage: boolean;
  /** Trained as long as pathways plus its LSP runs; queued only when the request asks for compute matching. */
  computeMatched: boolean;
  /** One run per language (each pruned for it), else one run for all languages. */
  perLanguage: boolean;
  /** Its runs take the sparsity target: pruned systems, and small dense (sized to their non-zeros). */
  sparse: boolean;
  /** Sized to the non-zeros of the sparse systems (the reused dense start's size × (1 − sparsity)). */
  matchesNonZeros?: boolean;
}

/** The system every other one (but small dense) starts from; a reused dense run stands in for it. */
export const DENSE_START = 'dense-start';

/**
 * The systems of the reproduction, in the order their runs are queued (a parent before its children). The
 * `runs.reproduce` graph, the comparison table, the CLI and the app all read this one table.
 */
export const REPRODUCE_SYSTEMS: readonly SystemSpec[] = [
  {
    system: DENSE_START,
    label: 'Dense pre-training (the start of every other system but small dense)',
    runKind: 'dense',
    config: {},
    parent: null,
    maskSource: 'none',
    budget: 'dense',
    toldLanguage: false,
    computeMatched: false,
    perLanguage: false,
    sparse: false,
  },
  {
    system: 'dense',
    label: 'Dense + F: the dense start trained further',
    runKind: 'dense',
    config: {},
    parent: DENSE_START,
    maskSource: 'none',
    budget: 'finetune',
    toldLanguage: false,
    computeMatched: false,
    perLanguage: false,
    sparse: false,
  },
  {
    system: 'lap',
    label: 'LAP: language-agnostic pruning by IMP on all languages mixed, with the LSP rounds and budget',
    runKind: 'lap',
    config: { method: 'lap', lapMethod: 'imp' },
    parent: DENSE_START,
    maskSource: 'imp-all',
    budget: 'lsp',
    toldLanguage: false,
    computeMatched: false,
    perLanguage: false,
    sparse: true,
  },
  {
    system: 'lap-one-shot',
    label: 'LAP one-shot: magnitude pruning of the dense start (no data) + F',
    runKind: 'lap',
    config: { method: 'lap', lapMethod: 'one-shot' },
    parent: DENSE_START,
    maskSource: 'one-shot',
    budget: 'finetune',
    toldLanguage: false,
    computeMatched: false,
    perLanguage: false,
    sparse: true,
  },
  {
    system: 'lsp',
    label: 'LSP: language-specific pruning by IMP, one model per language',
    runKind: 'lsp',
    config: { method: 'lsp-imp' },
    parent: DENSE_START,
    maskSource: 'imp-language',
    budget: 'lsp',
    toldLanguage: true,
    computeMatched: false,
    perLanguage: true,
    sparse: true,
  },
  {
    system: 'lsp-adaptive',
    label: 'LSP adaptive: one model per language, its mask re-selected while training (the second paper)',
    runKind: 'lsp',
    config: { method: 'lsp-adaptive' },
    parent: DENSE_START,
    maskSource: 'adaptive-language',
    budget: 'lsp',
    toldLanguage: true,
    computeMatched: false,
    perLanguage: true,
    sparse: true,
  },
  {
    system: 'pathways',
    label: 'Pathways: one multilingual model trained on the LSP masks + F',
    runKind: 'pathways',
    config: { method: 'pathways' },
    parent: 'lsp',
    maskSource: 'lsp-runs',
    budget: 'finetune',
    toldLanguage: true,
    computeMatched: false,
    perLanguage: false,
    sparse: true,
  },
  {
    system: 'pathways-random',
    label: 'Pathways on random masks + F',
    runKind: 'pathways',
    config: { method: 'pathways-random' },
    parent: DENSE_START,
    maskSource: 'random',
    budget: 'finetune',
    toldLanguage: true,
    computeMatched: false,
    perLanguage: false,
    sparse: true,
  },
  {
    system: 'pathways-dynamic',
    label: 'Dynamic pathways: from middle-sparsity LSP masks, adapted to the target while training + F',
    runKind: 'pathways',
    config: { method: 'pathways-dynamic', dynamic: { init: 'lsp-middle' } },
    parent: 'lsp',
    maskSource: 'lsp-middle',
    budget: 'finetune',
    toldLanguage: true,
    computeMatched: false,
    perLanguage: false,
    sparse: true,
  },
  {
    system: 'dense-small',
    label: 'Small dense: as many weights as a pruned model, trained D + F from scratch',
    runKind: 'dense-small',
    config: {},
    parent: null,
    maskSource: 'none',
    budget: 'dense+finetune',
    toldLanguage: false,
    computeMatched: false,
    perLanguage: false,
    sparse: true,
    matchesNonZeros: true,
  },
  {
    system: 'dense',
    label: 'Dense, compute-matched: trained as long as pathways plus its LSP runs',
    runKind: 'dense',
    config: {},
    parent: DENSE_START,
    maskSource: 'none',
    budget: 'matched',
    toldLanguage: false,
    computeMatched: true,
    perLanguage: false,
    sparse: false,
  },
  {
    system: 'lap',
    label:
      'LAP, compute-matched: IMP on all languages mixed, its rounds and final training stretched to as many steps as pathways plus its LSP runs',
    runKind: 'lap',
    config: { method: 'lap', lapMethod: 'imp' },
    parent: DENSE_START,
    maskSource: 'imp-all',
    budget: 'matched',
    toldLanguage: false,
    computeMatched: true,
    perLanguage: false,
    sparse: true,
  },
];

/** The table's entry for a comparison row, if the row is one of its systems. */
export function systemSpec(
  system: string,
  computeMatched: boolean,
  systems: readonly SystemSpec[] = REPRODUCE_SYSTEMS,
): SystemSpec | undefined {
  return systems.find((s) => s.system === system && s.computeMatched === computeMatched);
}
