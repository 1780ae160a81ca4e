import {
  MaskSet,
  maskHistory,
  overlapReport,
  parameterCounts,
  parseConfig,
  PathwaysConfigSchema,
  pruneParams,
  randomPathwayMasks,
  selectPrunable,
  tf,
  type ParamMap,
} from '../../engine';
import type { Run } from '../../shared/api';
import type { Store } from '../../store';
import { useBackend } from '../recipes/backend';
import { dynamicOptions, meanSparsity } from '../recipes/dynamic-options';
import { requireRun, runLanguages } from '../recipes/data';
import { runMaskedTraining } from '../recipes/masked-run';
import { runMaskedOnTorch } from '../torch/masked-on-torch';
import { loadMasks, saveMasks } from '../recipes/masks';
import { inheritFrontEnd, parentRuns } from '../recipes/parent';
import { loadRunModel } from '../recipes/run-model';
import { stepsOf } from '../recipes/training-options';
import type { JobIo } from './kind';
import type { PathwaysPayload } from './pathways-schema';

/** The parents' masks a pathways run starts from, and the dense run whose weights it trains. */
interface StartingPoint {
  dense: Run;
  /** One mask per language, from the LSP parents (final, or after `initRound` for init 'lsp-middle'). */
  parentMasks: Map<string, MaskSet>;
  /** A LAP parent's mask, for dynamic pathways with init 'lap'. */
  lap?: MaskSet;
}

/**
 * The dense run the pathways start from and the parents' masks, as the method and (dynamic) its init ask: fixed
 * pathways and dynamic init 'lsp' take the LSP parents' final masks, 'lsp-middle' their masks after IMP round
 * `initRound`, 'lap' a LAP parent's mask (or, with only a dense parent, a one-shot LAP mask made here); random
 * pathways need only θ. A parent that contradicts the init is refused, naming both.
 */
function startingPoint(store: Store, run: Run, payload: PathwaysPayload): StartingPoint {
  const parents = parentRuns(store, run);
  if (parents.length === 0) throw new Error(`pathways run ${run.id} needs parent runs (--parent)`);
  const lsp = parents.filter((p) => p.kind === 'lsp');
  const lapRun = parents.find((p) => p.kind === 'lap');
  const dense =
    parents.find((p) => p.kind === 'dense' || p.kind === 'dense-small') ??
    [...lsp, ...(lapRun ? [lapRun] : [])].map((p) => parentRuns(store, p)[0]).find(Boolean);
  if (!dense) throw new Error(`run ${run.id}: no dense run among its parents or theirs`);
  const init = payload.method === 'pathways-dynamic' ? payload.dynamic.init : undefined;
  if (payload.method === 'pathways' && lsp.length === 0)
    throw new Error(`fixed pathways take LSP parent runs; run ${run.id} has none`);
  if (init === 'lap' && lsp.length > 0)
    throw new Error(
      `dynamic pathways init 'lap' conflicts with LSP parent runs ${lsp.map((p) => p.id).join(', ')}: give a LAP (or dense) parent, or use init 'lsp' / 'lsp-middle'`,
    );
  if ((init === 'lsp' || init === 'lsp-middle') && lsp.length === 0)
    throw new Error(
      `dynamic pathways init '${init}' needs LSP parent runs${lapRun ? ` (${lapRun.id} is a LAP run: use init 'lap')` : ''}`,
    );
  const parentMasks = new Map<string, MaskSet>();
  if (payload.method !== 'pathways-random') {
    const round = init === 'lsp-middle' ? payload.dynamic.initRound : undefined;
    for (const parent of lsp) {
      const masks = loadMasks(store, parent.id, round);
      if (masks.size === 0)
        throw new Error(
          round === undefined
            ? `LSP run ${parent.id} has no masks`
            : `LSP run ${parent.id} has no masks after IMP round ${round} (init 'lsp-middle'): it ran fewer rounds, or before round masks were saved`,
        );
      for (const [language, mask] of masks) parentMasks.set(language, mask);
    }
  }
  const lap = init === 'lap' && lapRun ? loadMasks(store, lapRun.id).get('all') : undefined;
  return { dense, parentMasks, lap };
}

/**
 * Initial masks of the run's method, by language. Dynamic pathways with init 'lap' and no LAP parent start from
 * the LAP one-shot mask (global magnitude pruning of θ_dense to the target), the same for every language.
 */
async function initialMasks(
  payload: PathwaysPayload,
  start: StartingPoint,
  params: ParamMap,
  languages: readonly string[],
  seed: number,
): Promise<Map<string, MaskSet>> {
  const shapes = new Map([...params].map(([name, p]) => [name, [...p.shape]]));
  const prunable = new Map(selectPrunable(shapes).map((n) => [n, shapes.get(n)!]));
  if (payload.method === 'pathways-random')
    return randomPathwayMasks(prunable, languages, payload.sparsity, payload.maskSeed + seed, payload.scope);
  if (start.parentMasks.size > 0) return start.parentMasks;
  const lap =
    start.lap ?? (await pruneParams(params, MaskSet.full(prunable), payload.sparsity, payload.dynamic.scope));
  return new Map(languages.map((l) => [l, lap.clone()]));
}

/**
 * ASR pathways: shared weights from the dense run, one mask per language (from LSP runs, or random), trained
 * with a language sampler through θ ⊙ m_l; weights outside the union of the masks stay 0. Dynamic pathways
 * re-select the masks on a cubic schedule (DynamicPathways) and store the re-evaluations as the mask report's
 * history. Every `checkpointEvery` steps weights, optimizer, masks and the dynamic state are checkpointed and a
 * retried job resumes from the last checkpoint.
 */
export async function runPathways(payload: PathwaysPayload, io: JobIo): Promise<void> {
  const run = requireRun(io.store, io.job.runId, 'pathways');
  await useBackend(io);
  const start = startingPoint(io.store, run, payload);
  const model = await loadRunModel(io.store, start.dense.id);
  try {
    const languages =
      start.parentMasks.size > 0 ? [...start.parentMasks.keys()].sort() : runLanguages(io.store, run);
    const steps = stepsOf(payload);
    parseConfig(PathwaysConfigSchema, {
      kind: 'pathways',
      languages,
      sparsity: payload.sparsity,
      steps,
      sampling: payload.sampling,
      masks:
        payload.method === 'pathways'
          ? { source: 'fixed' }
          : payload.method === 'pathways-random'
            ? { source: 'random', seed: payload.maskSeed, scope: payload.scope }
            : { source: 'dynamic', dynamic: payload.dynamic },
    });
    const masks = await initialMasks(payload, start, model.params, languages, run.seed);
    inheritFrontEnd(io, io.store, start.dense.id, run.id);
    const dynamic =
      payload.method === 'pathways-dynamic'
        ? dynamicOptions(payload.dynamic, steps, payload.sparsity, masks)
        : undefined;
    const finish = (
      finalMasks: Map<string, MaskSet>,
      history: ReturnType<typeof maskHistory> | undefined,
      step: number,
    ) => {
      saveMasks(io, run.id, finalMasks);
      io.store.maskReports.save(run.id, overlapReport(finalMasks, history ? { history } : {}));
      const shapes = new Map([...model.params].map(([name, p]) => [name, [...p.shape]]));
      const counts = parameterCounts(shapes, finalMasks);
      io.metrics(step, {
        non_zeros: counts.unionNonZero,
        sparsity: meanSparsity(finalMasks),
        union_sparsity: 1 - (counts.unionNonZero - (counts.total - counts.prunable)) / counts.prunable,
      });
    };
    if (payload.runner?.kind === 'torch') {
      const options = { run, model, masks, steps, payload, phase: 'pathways', from: start.dense };
      await runMaskedOnTorch(io, { ...options, runner: payload.runner }, ({ step }) =>
        finish(new Map(masks), undefined, step),
      );
      return;
    }
    await runMaskedTraining(
      io,
      { run, model, masks, steps, payload, phase: 'pathways', dynamic, from: start.dense },
      ({ loop, step }) =>
        finish(new Map(loop.masks()!), dynamic ? maskHistory(loop.reevaluations) : undefined, step),
    );
  } finally {
    tf.dispose([...model.params.values()]);
  }
}
