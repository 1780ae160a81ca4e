import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ReproduceBudgets, Run } from '../../shared/api';
import type { Store } from '../../store';
import { projectRoot } from '../version';
import { runFolder } from './run-model';

/** The short paper workflow of the first run: dense start → Dense + F, LAP, LSP per language → pathways. */
export const FIRST_RUN_SYSTEMS = ['dense', 'lap', 'lsp', 'pathways'] as const;

/**
 * Its budgets from the shipped dense start on two CPU cores (docs/reproducing.md, "The first run"): F steps of
 * fine-tuning, LSP and LAP by two IMP rounds of s steps plus s final steps, each system evaluated on a share of
 * the test utterances per language.
 */
export const FIRST_RUN_BUDGETS: Required<Omit<ReproduceBudgets, 'denseSteps'>> = {
  finetuneSteps: 60,
  lspRounds: 2,
  lspStepsPerRound: 20,
  lspFinalSteps: 20,
  evalUtterances: 15,
};

/** Tag of the runs of a first run (beside their group's tag), so the Datasets view finds it again. */
export const FIRST_RUN_TAG = 'first-run';

/**
 * A corpus's utterances as a hash of their keys (without the dataset id the store prefixes them with), splits and
 * transcripts: equal for the demo corpus however often and wherever it is built, as the audio need not be.
 */
export function corpusFingerprint(store: Store, datasetId: string): { utterances: number; sha256: string } {
  const hash = createHash('sha256');
  let utterances = 0;
  const prefix = `${datasetId}/`;
  for (const r of store.datasets.transcripts(datasetId)) {
    const key = r.key.startsWith(prefix) ? r.key.slice(prefix.length) : r.key;
    hash.update(`${key}\t${r.split}\t${r.transcript}\n`);
    utterances++;
  }
  return { utterances, sha256: hash.digest('hex') };
}

/** What resources/first-run/manifest.json says of the shipped dense start (scripts/first-run-start.ts writes it). */
export interface FirstRunManifest {
  what: string;
  dataset: { name: string; utterances: number; hours: number; seed: number };
  /** corpusFingerprint of the dataset it was trained on. */
  corpus: { utterances: number; sha256: string };
  config: Record<string, unknown>;
  steps: number;
  seed: number;
  trainWallSec: number;
  test: { averageCer: number; perLanguage: Record<string, { cer: number; wer: number; utterances: number }> };
}

/** Copied into the run's folder: weights (+ sidecar), tokenizer, CMVN statistics and the schedule it trained with. */
const FILES = ['model.safetensors', 'model.json', 'tokenizer.json', 'cmvn.json', 'schedule.json'] as const;

/**
 * The folder of the shipped dense start: beside the packaged app's resources (electron-builder's
 * `extraResources`), else the checkout's `resources/first-run`.
 */
export function firstRunStartDir(): string {
  const packaged = (process as { resourcesPath?: string }).resourcesPath;
  if (packaged && existsSync(join(packaged, 'first-run', 'manifest.json')))
    return join(packaged, 'first-run');
  return join(projectRoot(), 'resources', 'first-run');
}

/** The shipped dense start's manifest, or why there is none to use. */
export function readFirstRunStart(
  dir: string,
): { ok: true; manifest: FirstRunManifest } | { ok: false; reason: string } {
  const missing = ['manifest.json', 'metrics.json', ...FILES].filter((f) => !existsSync(join(dir, f)));
  if (missing.length > 0) return { ok: false, reason: `${dir} lacks ${missing.join(', ')}` };
  try {
    return {
      ok: true,
      manifest: JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as FirstRunManifest,
    };
  } catch (error) {
    return { ok: false, reason: `${join(dir, 'manifest.json')}: ${(error as Error).message}` };
  }
}

/**
 * The shipped dense start as a finished dense run of this dataset: the one installed before (whatever an
 * evaluation of it is doing now), else a new run whose folder holds copies of the shipped weights, tokenizer and
 * CMVN statistics (its artifacts) and schedule, with the config and metrics it was trained with and this
 * dataset's snapshot (the caller checked its fingerprint), so a reproduction can start from it like from any
 * dense run.
 */
export function installFirstRunStart(
  store: Store,
  datasetId: string,
  dir: string,
  manifest: FirstRunManifest,
  appVersion: string,
  snapshot: { utterances: number; sha256: string },
): Run {
  const installed = store.runs
    .list()
    .find(
      (r) =>
        r.kind === 'dense' &&
        r.tags.includes(`${FIRST_RUN_TAG}-start`) &&
        r.datasetIds.length === 1 &&
        r.datasetIds[0] === datasetId,
    );
  if (installed) return installed;
  const run = store.runs.create({
    name: 'first-run dense start (shipped)',
    kind: 'dense',
    seed: manifest.seed,
    config: { ...manifest.config, parentRunIds: [], datasetSnapshot: snapshot },
    datasetIds: [datasetId],
    appVersion,
  });
  const folder = runFolder(store.layout.root, run.id);
  mkdirSync(folder, { recursive: true });
  for (const file of FILES) copyFileSync(join(dir, file), join(folder, file));
  store.runs.addArtifactFile(run.id, 'tokenizer', join(folder, 'tokenizer.json'));
  store.runs.addArtifactFile(run.id, 'cmvn', join(folder, 'cmvn.json'));
  store.runs.addArtifactFile(run.id, 'model', join(folder, 'model.safetensors'));
  // its training curves and compute (steps, audio), which fine-tuned children continue from and tables count
  const series = JSON.parse(readFileSync(join(dir, 'metrics.json'), 'utf8')) as {
    name: string;
    points: { step: number; value: number }[];
  }[];
  store.runs.addMetrics(
    run.id,
    series.flatMap((m) => m.points.map((p) => ({ name: m.name, step: p.step, value: p.value }))),
  );
  return store.runs.update(run.id, {
    state: 'succeeded',
    tags: [`${FIRST_RUN_TAG}-start`],
    notes: `${manifest.what}; ${manifest.steps} steps; test CER ${(100 * manifest.test.averageCer).toFixed(1)} % (shipped with the app)`,
  })!;
}
