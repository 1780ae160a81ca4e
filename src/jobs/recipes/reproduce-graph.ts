import { InvalidConfigError } from '../../engine';
import { DENSE_START, REPRODUCE_SYSTEMS, type MaskSource, type SystemSpec } from '../../shared/api';
import { budgetSteps, lspSteps, type ResolvedBudgets } from './reproduce-budgets';

/** What a reproduction is planned from, after defaults: the runs.reproduce request resolved. */
export interface ReproductionRequest {
  languages: readonly string[];
  seeds: readonly number[];
  sparsity: number;
  /** Queue the table's compute-matched systems too. */
  computeMatched: boolean;
  budgets: ResolvedBudgets;
  /** Steps of the dense start: the reused run's, else the budgets' D. */
  denseSteps: number;
  /** A finished dense run that is every seed's dense start (no dense start is trained), with its size. */
  reused?: { parameters: number };
  /** Config every run shares (model preset, scale). */
  common: Readonly<Record<string, unknown>>;
  /** Output units of the runs trained from scratch (the others inherit them); characters when absent. */
  tokenizer?: Readonly<Record<string, unknown>>;
  /** Config the request gives every run (e.g. `sampling`); it may not set a field the graph sets itself. */
  shared?: Readonly<Record<string, unknown>>;
}

/** One run of the graph: its system, seed and language, its config, and the planned runs it starts from. */
export interface PlannedRun {
  /** Unique within the plan. */
  key: string;
  spec: SystemSpec;
  seed: number;
  /** The language of a per-language (LSP) run, else null. */
  language: string | null;
  config: Record<string, unknown>;
  /** Keys of its parents among the planned runs, or REUSED_DENSE. */
  parents: string[];
}

/** Mask sources found by IMP rounds: their runs take rounds, steps per round and final steps. */
const IMP_MASKS: ReadonlySet<MaskSource> = new Set(['imp-language', 'imp-all']);

/** The parent key standing for the reused dense run. */
export const REUSED_DENSE = 'reused-dense';

/**
 * IMP rounds of an IMP-pruned system of `steps` steps: the LSP budget's rounds, steps per round and final steps;
 * a longer (compute-matched) budget keeps the rounds and stretches each round and the final training alike, so
 * the extra steps are spent the way LSP spends its own.
 */
function impRounds(spec: SystemSpec, b: ResolvedBudgets, steps: number): Record<string, number> {
  if (spec.budget !== 'lsp' && spec.budget !== 'matched')
    throw new Error(
      `system '${spec.system}': IMP masks need the 'lsp' or 'matched' budget, not '${spec.budget}'`,
    );
  const stepsPerRound = Math.floor((steps * b.lspStepsPerRound) / lspSteps(b));
  return { rounds: b.lspRounds, stepsPerRound, finalSteps: steps - b.lspRounds * stepsPerRound };
}

function runConfig(
  spec: SystemSpec,
  r: ReproductionRequest,
  language: string | null,
): Record<string, unknown> {
  const steps = budgetSteps(spec.budget, r.budgets, r.languages.length, r.denseSteps);
  const own = {
    ...r.common,
    system: spec.system,
    ...(spec.computeMatched ? { computeMatched: true } : {}),
    ...structuredClone(spec.config),
    ...(spec.sparse ? { sparsity: r.sparsity } : {}),
    ...(language !== null ? { language } : {}),
    ...(spec.parent === null && r.tokenizer ? { tokenizer: structuredClone(r.tokenizer) } : {}),
    ...(IMP_MASKS.has(spec.maskSource) ? impRounds(spec, r.budgets, steps) : {}),
    steps,
    ...(spec.matchesNonZeros && r.reused
      ? { targetParams: Math.round(r.reused.parameters * (1 - r.sparsity)) }
      : {}),
  };
  return mergeShared(r.shared ?? {}, own, spec.system);
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A system's own config over the request's shared one: nested objects merge (a shared `sampling` beside a system's
 * other fields), and a field both set is refused, naming it — budgets, methods and sparsity belong to the graph.
 */
function mergeShared(
  shared: Readonly<Record<string, unknown>>,
  own: Record<string, unknown>,
  system: string,
  path: string[] = [],
): Record<string, unknown> {
  const out = structuredClone(shared) as Record<string, unknown>;
  for (const [key, value] of Object.entries(own)) {
    const here = [...path, key];
    if (!(key in out)) out[key] = value;
    else if (isObject(out[key]) && isObject(value)) out[key] = mergeShared(out[key], value, system, here);
    else {
      const field = `config.${here.join('.')}`;
      const message = `set by the reproduction itself (system '${system}'); it cannot be shared`;
      throw new InvalidConfigError(`${field}: ${message}`, [{ path: field, message }]);
    }
  }
  return out;
}

/**
 * The reproduction's job graph, from the systems table: per seed, every system of the table in its order (the
 * compute-matched ones only when asked), one run per language for per-language systems, each starting from the
 * same seed's runs of its parent system. With a reused dense run there is no dense start to train: the reused
 * run is every seed's parent instead.
 */
export function planReproduction(
  r: ReproductionRequest,
  systems: readonly SystemSpec[] = REPRODUCE_SYSTEMS,
): PlannedRun[] {
  const plan: PlannedRun[] = [];
  for (const seed of r.seeds) {
    const runsOf = new Map<string, string[]>(r.reused ? [[DENSE_START, [REUSED_DENSE]]] : []);
    for (const spec of systems) {
      if (spec.computeMatched && !r.computeMatched) continue;
      if (r.reused && spec.system === DENSE_START) continue;
      const parents = spec.parent === null ? [] : runsOf.get(spec.parent);
      if (!parents)
        throw new Error(
          `system '${spec.system}' starts from '${spec.parent}', which the table does not queue before it`,
        );
      const keys = (spec.perLanguage ? r.languages : [null]).map((language) => {
        const key = [spec.system, spec.computeMatched ? 'matched' : '', seed, language ?? ''].join('|');
        plan.push({ key, spec, seed, language, config: runConfig(spec, r, language), parents });
        return key;
      });
      if (!spec.computeMatched) runsOf.set(spec.system, keys);
    }
  }
  return plan;
}

/**
 * The rows of the systems table a reproduction restricted to `names` queues (the dense start always), or why it
 * cannot: a name the table lacks, or a system whose parent is left out.
 */
export function selectSystems(
  names: readonly string[] | undefined,
  table: readonly SystemSpec[] = REPRODUCE_SYSTEMS,
): { ok: true; systems: readonly SystemSpec[] } | { ok: false; reason: string } {
  if (!names) return { ok: true, systems: table };
  const known = new Set(table.map((s) => s.system));
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length > 0)
    return {
      ok: false,
      reason: `systems: ${unknown.join(', ')} not in the systems table (${[...known].filter((n) => n !== DENSE_START).join(', ')})`,
    };
  const chosen = new Set([DENSE_START, ...names]);
  const systems = table.filter((s) => chosen.has(s.system));
  const orphan = systems.find((s) => s.parent !== null && !chosen.has(s.parent));
  if (orphan)
    return {
      ok: false,
      reason: `systems: ${orphan.system} starts from ${orphan.parent}, which is not among them`,
    };
  return { ok: true, systems };
}

/** Per system of a plan: its label, runs per seed and steps per run (what the CLI prints when it queues a graph). */
export function planSummary(plan: readonly PlannedRun[]) {
  const rows = new Map<SystemSpec, { runs: number; steps: number; seeds: Set<number> }>();
  for (const p of plan) {
    const row = rows.get(p.spec) ?? { runs: 0, steps: Number(p.config.steps), seeds: new Set<number>() };
    row.runs++;
    row.seeds.add(p.seed);
    rows.set(p.spec, row);
  }
  return [...rows].map(([spec, row]) => ({
    system: spec.system,
    label: spec.label,
    computeMatched: spec.computeMatched,
    runsPerSeed: row.runs / row.seeds.size,
    steps: row.steps,
    perLanguage: spec.perLanguage,
    fromScratch: spec.parent === null,
  }));
}
