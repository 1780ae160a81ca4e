import type { AppContext } from '../../../jobs/app-context';
import { measureSpeed } from '../../../jobs/recipes/speed-probe';
import {
  expectedSeconds,
  formatDuration,
  plannedWork,
  type PlannedSystem,
} from '../../../jobs/recipes/wall-time';
import type { ModelPreset } from '../../../shared/api';
import { call } from './app';

/** Dev utterances a training run decodes per language at each dev evaluation (the training default). */
const DEV_UTTERANCES = 20;
/** Default padded frames per training step. */
const BATCH_FRAMES = 6000;

/** A planned graph, as a dry run of `runs.reproduce` returns it. */
interface PlannedGraph {
  preset?: string;
  languages?: string[];
  systems?: PlannedSystem[];
  budgets?: { evalUtterances?: number };
}

/**
 * The expected wall time of a planned reproduction on this machine, one line: its training steps and decoded
 * utterances (from the graph and the datasets' split sizes) at the speed measured now on the jobs' backend.
 */
export async function wallTimeEstimate(
  app: AppContext,
  datasetIds: readonly string[],
  graph: PlannedGraph,
  seeds: number,
  batchFrames = BATCH_FRAMES,
): Promise<string> {
  const details = await Promise.all(datasetIds.map((id) => call(app, 'datasets.get', { datasetId: id })));
  const utterances = details.reduce((n, d) => n + d.utterances, 0);
  const meanFrames = utterances ? (details.reduce((s, d) => s + d.hours, 0) * 3600 * 100) / utterances : 500;
  const languages = graph.languages ?? [];
  const count = (split: string) =>
    languages.length
      ? details
          .flatMap((d) => d.splits)
          .filter((s) => s.split === split)
          .reduce((n, s) => n + s.utterances, 0) / languages.length
      : 0;
  const dev = Math.min(DEV_UTTERANCES, count('dev'));
  const test = Math.min(graph.budgets?.evalUtterances ?? Infinity, count('test'));
  const work = plannedWork(graph.systems ?? [], seeds, languages.length, { dev, test });
  const preference = app.ctx.backend.preference;
  const speed = await measureSpeed(
    preference,
    (graph.preset ?? 'demo') as ModelPreset,
    batchFrames,
    meanFrames,
  );
  const total = expectedSeconds(work, speed);
  return (
    `expected wall time ≈ ${formatDuration(total)} on ${speed.backend}, one job at a time: ` +
    `${work.trainSteps} training steps × ${speed.stepSec.toFixed(2)} s + ${Math.round(work.decodedUtterances)} ` +
    `utterances decoded × ${speed.utteranceSec.toFixed(2)} s (measured just now)\n`
  );
}
