import { ApiError, notFound } from '../../shared/api';
import {
  corpusFingerprint,
  FIRST_RUN_BUDGETS,
  FIRST_RUN_SYSTEMS,
  FIRST_RUN_TAG,
  firstRunStartDir,
  installFirstRunStart,
  readFirstRunStart,
} from '../recipes/first-run';
import type { HandlerContext } from './context';
import type { HandlerTable } from './dispatch';
import { reproduce } from './experiment-handlers';
import { datasetSnapshot } from './run-config';
import { groupTag } from '../results';

type FirstRunHandlers = Pick<HandlerTable, 'runs.firstRun' | 'runs.firstRunInfo'>;

/** A GPU backend: WebGPU, or the native TensorFlow backend from tfjs-node-gpu. */
const onGpu = (ctx: HandlerContext) =>
  ctx.backend.name === 'webgpu' || (ctx.backend.provider ?? '').includes('gpu');

/**
 * The first run (docs/reproducing.md, "The first run"). On a CPU backend: the shipped dense start, installed as a
 * finished run of the dataset, and the short workflow from it with the first-run budgets; the dataset must be the
 * demo corpus the start was trained on (same utterances and transcripts). On a GPU backend: the same systems at
 * the demo scale's budgets, the dense start trained first.
 */
function firstRun({ datasetId }: { datasetId: string }, ctx: HandlerContext) {
  if (!ctx.store.datasets.get(datasetId)) throw notFound('dataset', datasetId);
  const common = {
    datasetIds: [datasetId],
    seeds: [1],
    scale: 'demo' as const,
    systems: [...FIRST_RUN_SYSTEMS],
    computeMatched: false,
    sparsity: 0.7,
    config: {},
    dryRun: false,
  };
  const tags = [FIRST_RUN_TAG];
  if (onGpu(ctx)) return { ...reproduce(common, ctx, tags), start: 'trained' as const, startCer: null };
  const dir = firstRunStartDir();
  const shipped = readFirstRunStart(dir);
  if (!shipped.ok)
    throw new ApiError('conflict', `the first run's dense start is missing: ${shipped.reason}`);
  const { manifest } = shipped;
  const fingerprint = corpusFingerprint(ctx.store, datasetId);
  if (fingerprint.sha256 !== manifest.corpus.sha256)
    throw new ApiError(
      'invalid_request',
      `datasetId: the first run starts from a dense model trained on ${manifest.dataset.name} ` +
        `(${manifest.dataset.hours} h, ${manifest.dataset.utterances} utterances, as \`npm run demo\` builds it); ` +
        `this dataset's ${fingerprint.utterances} utterances are not that corpus. Build the demo corpus ` +
        `(${manifest.dataset.hours} h, seed ${manifest.dataset.seed}) or configure runs in Pathways.`,
    );
  const snapshot = datasetSnapshot(ctx.store, [datasetId]);
  const start = installFirstRunStart(ctx.store, datasetId, dir, manifest, ctx.version, snapshot);
  const queued = reproduce({ ...common, fromRunId: start.id, budgets: FIRST_RUN_BUDGETS }, ctx, tags);
  return { ...queued, start: 'shipped' as const, startCer: manifest.test.averageCer };
}

/** The dataset the shipped start fits (the same utterances and transcripts), or why none does. */
function fittingDataset(ctx: HandlerContext): {
  datasetId: string | null;
  reason: string | null;
  startCer: number | null;
} {
  const shipped = readFirstRunStart(firstRunStartDir());
  if (!shipped.ok)
    return {
      datasetId: null,
      reason: `the first run's dense start is missing: ${shipped.reason}`,
      startCer: null,
    };
  const { manifest } = shipped;
  const fits = ctx.store.datasets
    .list()
    .filter((d) => d.utterances === manifest.corpus.utterances)
    .find((d) => corpusFingerprint(ctx.store, d.id).sha256 === manifest.corpus.sha256);
  return fits
    ? { datasetId: fits.id, reason: null, startCer: manifest.test.averageCer }
    : {
        datasetId: null,
        reason: `the first run needs ${manifest.dataset.name} as \`npm run demo\` builds it (${manifest.dataset.hours} h, ${manifest.dataset.utterances} utterances)`,
        startCer: manifest.test.averageCer,
      };
}

function firstRunInfo(ctx: HandlerContext) {
  const group = ctx.store.runs
    .list()
    .find((r) => r.tags.includes(FIRST_RUN_TAG))
    ?.tags.find((t) => t.startsWith(groupTag('')));
  const groupId = group ? group.slice(groupTag('').length) : null;
  if (onGpu(ctx)) {
    const [first] = ctx.store.datasets.list();
    return {
      datasetId: first?.id ?? null,
      reason: first ? null : 'import a dataset first',
      start: 'trained' as const,
      startCer: null,
      groupId,
    };
  }
  return { ...fittingDataset(ctx), start: 'shipped' as const, groupId };
}

export const firstRunHandlers: FirstRunHandlers = {
  'runs.firstRunInfo': (_request, ctx) => firstRunInfo(ctx),
  'runs.firstRun': (request, ctx) => firstRun(request, ctx),
};
