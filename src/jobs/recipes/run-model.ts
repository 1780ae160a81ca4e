import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CmvnStats,
  initParams,
  loadWeights,
  parseRnntConfig,
  readTokenizerFile,
  saveWeights,
  writeTokenizerFile,
  type ParamMap,
  type RnntConfig,
  type Tokenizer,
} from '../../engine';
import type { Run } from '../../shared/api';
import { homeLayout, type Store } from '../../store';
import { writeFileAtomic } from '../checkpoint';
import type { JobIo } from '../kinds/kind';

/** What every trained run keeps beside its weights: the tokenizer and the CMVN statistics its features need. */
export interface RunFrontEnd {
  tokenizer: Tokenizer;
  cmvn: CmvnStats;
}

/** A run's final model: config, weights, tokenizer and CMVN statistics. The caller disposes `params`. */
export interface RunModel extends RunFrontEnd {
  config: RnntConfig;
  params: ParamMap;
  step: number;
}

export function runFolder(home: string, runId: string): string {
  return join(homeLayout(home).runs, runId);
}

/** Save the tokenizer and CMVN statistics in the run folder and record them as the run's artifacts. */
export async function saveFrontEnd(io: JobIo, runId: string, frontEnd: RunFrontEnd): Promise<void> {
  const dir = runFolder(io.job.home, runId);
  mkdirSync(dir, { recursive: true });
  const tokenizerPath = join(dir, 'tokenizer.json');
  await writeTokenizerFile(tokenizerPath, frontEnd.tokenizer);
  io.artifact('tokenizer', tokenizerPath);
  const cmvnPath = join(dir, 'cmvn.json');
  writeFileAtomic(cmvnPath, JSON.stringify(frontEnd.cmvn.toJSON()));
  io.artifact('cmvn', cmvnPath);
}

/** Record a run's final weights: `<base>.safetensors` (+ `<base>.json`) becomes its `model` artifact. */
export function recordModel(io: JobIo, base: string): void {
  io.artifact('model', `${base}.safetensors`);
}

/** Write the weights (no optimizer state) after `step` steps as the run's final model in its folder and record it. */
export async function saveRunModel(
  io: JobIo,
  run: Pick<Run, 'id' | 'seed'>,
  model: Pick<RunModel, 'params' | 'config'>,
  step: number,
): Promise<void> {
  const dir = runFolder(io.job.home, run.id);
  mkdirSync(dir, { recursive: true });
  const base = join(dir, 'model');
  await saveWeights(
    base,
    { params: model.params, step, seed: run.seed, config: model.config },
    writeFileAtomic,
  );
  recordModel(io, base);
}

function latestArtifact(store: Store, runId: string, kind: string): string {
  const found = store.runs
    .artifacts(runId)
    .filter((a) => a.kind === kind)
    .pop();
  if (!found) throw new Error(`run ${runId} has no '${kind}' artifact (has it finished training?)`);
  return found.path;
}

/** The tokenizer and CMVN statistics of a run, or of the run it descends from. */
export async function loadFrontEnd(store: Store, runId: string): Promise<RunFrontEnd> {
  const tokenizerPath = latestArtifact(store, runId, 'tokenizer');
  const tokenizer = await readTokenizerFile(tokenizerPath);
  const cmvn = CmvnStats.fromJSON(JSON.parse(readFileSync(latestArtifact(store, runId, 'cmvn'), 'utf8')));
  return { tokenizer, cmvn };
}

/** Load a run's final model (its newest `model` artifact). */
export async function loadRunModel(store: Store, runId: string): Promise<RunModel> {
  const base = latestArtifact(store, runId, 'model').replace(/\.safetensors$/, '');
  const sidecar = JSON.parse(readFileSync(`${base}.json`, 'utf8')) as { config: unknown };
  const config = parseRnntConfig(sidecar.config, `${base}.json config`);
  const params = initParams(config, 0);
  const { step } = loadWeights(base, params, config);
  return { config, params, step, ...(await loadFrontEnd(store, runId)) };
}
