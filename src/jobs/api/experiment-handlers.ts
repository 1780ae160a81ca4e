import { ApiError, notFound, type RequestOf } from '../../shared/api';
import { backendLabel } from '../../shared/backend-label';
import { parseRnntConfig, presetConfig, parameterSpecs } from '../../engine/model';
import { selectPrunable } from '../../engine/prune/prunable';
import { jobKinds, plannedStepsOf } from '../kinds';
import { EVAL_JOB, RUN_KIND_JOB } from '../kinds/run-kinds';
import { denseStartTag, groupProgress, groupTag, readPreregistration } from '../results';
import { matchedSteps, reproduceBudgets } from '../recipes/reproduce-budgets';
import { planReproduction, planSummary, REUSED_DENSE, selectSystems } from '../recipes/reproduce-graph';
import { checkReusableDense, type ReusableDense } from '../recipes/reuse-dense';
import { newId } from '../../store';
import type { HandlerContext } from './context';
import type { HandlerTable } from './dispatch';
import { checkRunConfig, datasetSnapshot, requireRunConfig, unfinishedJobsOf } from './run-config';

type ExperimentHandlers = Pick<
  HandlerTable,
  'runs.create' | 'runs.validate' | 'runs.reproduce' | 'runs.groupProgress' | 'models.parameterCount'
>;
type CreateRequest = Required<Omit<RequestOf<'runs.create'>, 'name' | 'languages'>> &
  Pick<RequestOf<'runs.create'>, 'name' | 'languages'>;

/** Create a run with its frozen config and dataset snapshot and queue its job after its parents' jobs. */
function createRun(
  request: CreateRequest,
  ctx: HandlerContext,
  extra: { tags?: string[] } = {},
): { runId: string; jobIds: string[] } {
  for (const parent of request.parentRunIds) if (!ctx.store.runs.get(parent)) throw notFound('run', parent);
  const normalized = requireRunConfig(request.kind, request.config);
  const snapshot = datasetSnapshot(ctx.store, request.datasetIds);
  const run = ctx.store.runs.create({
    name: request.name ?? `${String(normalized.system ?? request.kind)} seed ${request.seed}`,
    kind: request.kind,
    seed: request.seed,
    config: {
      ...normalized,
      ...(request.languages ? { languages: request.languages } : {}),
      parentRunIds: request.parentRunIds,
      datasetSnapshot: snapshot,
    },
    datasetIds: request.datasetIds,
    appVersion: ctx.version,
    parentRunId: request.parentRunIds[0],
  });
  ctx.store.runs.update(run.id, {
    backend: backendLabel(ctx.backend),
    ...(extra.tags ? { tags: extra.tags } : {}),
  });
  const job = ctx.jobs.enqueue({
    kind: RUN_KIND_JOB[request.kind],
    runId: run.id,
    payload: normalized,
    dependsOn: unfinishedJobsOf(ctx.store, request.parentRunIds),
  });
  return { runId: run.id, jobIds: [job.id] };
}

function languagesOf(ctx: HandlerContext, datasetIds: string[]): string[] {
  const languages = new Set<string>();
  for (const id of datasetIds) {
    const dataset = ctx.store.datasets.get(id);
    if (!dataset) throw notFound('dataset', id);
    for (const l of dataset.languages) languages.add(l.language);
  }
  return [...languages].sort();
}

/**
 * Queue the paper's workflow (README "Reproducing the paper"): the runs the systems table plans for each seed
 * (`recipes/reproduce-graph.ts`), each after its parents' jobs, every run then evaluated on the test split; with
 * `fromRunId` the reused dense run is every seed's dense start and is evaluated too.
 */
export function reproduce(
  request: Parameters<HandlerTable['runs.reproduce']>[0],
  ctx: HandlerContext,
  extraTags: readonly string[] = [],
) {
  const needed = [...new Set([...Object.values(RUN_KIND_JOB), EVAL_JOB])];
  const available = new Set(jobKinds().map((k) => k.kind));
  const missing = needed.filter((k) => !available.has(k));
  if (missing.length > 0) {
    throw new ApiError(
      'invalid_request',
      `reproduce needs job kinds ${needed.join(', ')}; this build lacks ${missing.join(', ')}`,
    );
  }
  const languages = languagesOf(ctx, request.datasetIds);
  const scale = request.scale;
  const budgets = reproduceBudgets(scale, request.budgets);
  let reused: ReusableDense | undefined;
  if (request.fromRunId) {
    const check = checkReusableDense(
      ctx.store,
      request.fromRunId,
      request.datasetIds,
      request.preset,
      datasetSnapshot(ctx.store, request.datasetIds),
    );
    if (!check.ok) throw new ApiError('invalid_request', check.reason);
    if (request.tokenizer)
      throw new ApiError(
        'invalid_request',
        "tokenizer: a reproduction from an existing dense run keeps that run's tokenizer; leave tokenizer out with fromRunId",
      );
    reused = check.dense;
  }
  const preset =
    request.preset ??
    (reused && typeof reused.run.config.preset === 'string' ? reused.run.config.preset : 'demo');
  const denseSteps = reused?.steps ?? budgets.denseSteps;
  const selected = selectSystems(request.systems);
  if (!selected.ok) throw new ApiError('invalid_request', selected.reason);
  const plan = planReproduction(
    {
      languages,
      seeds: request.seeds,
      sparsity: request.sparsity,
      computeMatched: request.computeMatched,
      budgets,
      denseSteps,
      reused,
      common: { preset, scale },
      tokenizer: request.tokenizer,
      shared: request.config,
    },
    selected.systems,
  );
  for (const planned of plan) {
    const check = checkRunConfig(planned.spec.runKind, planned.config);
    if (!check.ok)
      throw new ApiError(
        'invalid_request',
        `the ${planned.spec.system} runs of the reproduction would have an invalid config`,
        check.issues,
      );
  }
  const planned = {
    preset,
    languages,
    budgets: { ...budgets, denseSteps, matchedSteps: matchedSteps(budgets, languages.length) },
    systems: planSummary(plan),
  };
  const preregistration = request.preregistration ? readPreregistration(request.preregistration) : null;
  if (request.dryRun) return { groupId: '', runIds: [], jobIds: [], ...planned };
  const groupId = newId('grp');
  if (preregistration) ctx.store.preregistrations.save(groupId, preregistration);
  const tags = [groupTag(groupId), 'reproduce', ...extraTags];
  const runIds: string[] = [];
  const jobIds: string[] = [];
  const evaluate = (runId: string, dependsOn: string[]) => {
    const payload = budgets.evalUtterances ? { maxUtterances: budgets.evalUtterances } : {};
    jobIds.push(ctx.jobs.enqueue({ kind: EVAL_JOB, runId, payload, dependsOn }).id);
  };
  const idOf = new Map<string, string>();
  if (reused) {
    ctx.store.runs.update(reused.run.id, {
      tags: [...new Set([...reused.run.tags, groupTag(groupId), denseStartTag(groupId)])],
    });
    idOf.set(REUSED_DENSE, reused.run.id);
    runIds.push(reused.run.id);
    evaluate(reused.run.id, []);
  }
  for (const planned of plan) {
    const created = createRun(
      {
        kind: planned.spec.runKind,
        seed: planned.seed,
        config: planned.config,
        datasetIds: request.datasetIds,
        parentRunIds: planned.parents.map((key) => idOf.get(key)!),
        languages: planned.language ? [planned.language] : undefined,
      },
      ctx,
      { tags },
    );
    idOf.set(planned.key, created.runId);
    evaluate(created.runId, created.jobIds);
    runIds.push(created.runId);
    jobIds.push(...created.jobIds);
  }
  return { groupId, runIds, jobIds, ...planned };
}

export const experimentHandlers: ExperimentHandlers = {
  'runs.create': (request, ctx) => createRun(request, ctx),
  'runs.validate': ({ kind, config }) => checkRunConfig(kind, config),
  'runs.reproduce': (request, ctx) => reproduce(request, ctx),
  'runs.groupProgress': ({ groupId }, ctx) => {
    const progress = groupProgress(ctx.store, groupId, plannedStepsOf, ctx.store.settings.get().concurrency);
    if (!progress) throw notFound('reproduction group', groupId);
    return progress;
  },
  'models.parameterCount': ({ preset, config }) => {
    const model = preset ? presetConfig(preset, config) : parseRnntConfig(config);
    const specs = parameterSpecs(model);
    const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
    const shapes = new Map(specs.map((s) => [s.name, s.shape]));
    const prunable = new Set(selectPrunable(shapes));
    const byModule: Record<string, number> = {};
    for (const s of specs) {
      const module = s.name.split('.')[0];
      byModule[module] = (byModule[module] ?? 0) + size(s.shape);
    }
    return {
      total: specs.reduce((sum, s) => sum + size(s.shape), 0),
      prunable: specs.filter((s) => prunable.has(s.name)).reduce((sum, s) => sum + size(s.shape), 0),
      byModule,
    };
  },
};
