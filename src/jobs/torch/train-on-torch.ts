import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RnntConfig, SamplingConfig, TrainingExample } from '../../engine';
import type { Run } from '../../shared/api';
import type { JobIo } from '../kinds/kind';
import { workerWasmThreads } from '../recipes/backend';
import { pruneOldCheckpoints } from '../recipes/checkpoints';
import { saveRunSchedule, trainingSchedule } from '../recipes/finetune-schedule';
import { lossOf, type TrainingFieldValues } from '../recipes/training-options';
import { writeCorpusFile } from './corpus-file';
import { failureReason } from './failure-reason';
import { torchRunnerLabel } from '../../shared/torch-runner-label';
import { probeTorchRunner, torchPython } from './interpreter';
import { readStepReports } from './metrics-file';
import { torchPackageDir } from './package-dir';
import type { TorchRunnerConfig } from './runner-schema';
import { runTorchrun, type TorchStepReport } from './torchrun';

/** The examples of a dense run: one pooled stream, or one stream per language drawn by the sampler. */
export type TorchData =
  | { examples: readonly TrainingExample[] }
  | { byLanguage: ReadonlyMap<string, readonly TrainingExample[]>; sampling: SamplingConfig };

export interface TorchTraining {
  run: Pick<Run, 'id' | 'seed'>;
  config: RnntConfig;
  data: TorchData;
  payload: TrainingFieldValues;
  runner: TorchRunnerConfig;
  /** Progress phase name ('train', 'pathways'). */
  phase: string;
  steps: number;
  /** Apply the model's dropout (torch's masks, not the engine's: python/README.md). */
  dropout: boolean;
  /** Fine-tuning: the checkpoint whose weights a fresh start takes, and the run they are from (its schedule). */
  init?: { base: string; from: Run };
  /** Fixed masks: one mask-set file per language of `data.byLanguage` (the engine's format). */
  masks?: Record<string, string>;
}

/** What a finished PyTorch run leaves: its last checkpoint (`<base>.safetensors` + `.json`) and the audio it saw. */
export interface TorchTrained {
  base: string;
  steps: number;
  audioSeconds: number;
}

/** The pooled stream's key in the spec's `data` (the runner joins the files it is given into one stream). */
const POOLED = 'all';
const CHECKPOINT = /^step-(\d+)\.json$/;

/** Steps of the complete checkpoints in `dir` (a sidecar marks one complete), newest first. */
function checkpointSteps(dir: string): number[] {
  return readdirSync(dir)
    .map((name) => CHECKPOINT.exec(name))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]))
    .sort((a, b) => b - a);
}

function checkpointBase(dir: string, step: number): string {
  return join(dir, `step-${String(step).padStart(8, '0')}`);
}

/**
 * Train a dense run on the PyTorch runner (from scratch, or from `init`'s weights): write its examples as corpus files and its spec beside the job's
 * checkpoints, run `torchrun` there (resuming from the newest checkpoint the folder holds), and report every step
 * as progress and metrics while it runs. A pause or cancel ends the whole process group; a failed run throws with
 * the reason and the last step, and leaves the checkpoints it had written.
 */
export async function trainOnTorch(io: JobIo, t: TorchTraining): Promise<TorchTrained> {
  const python = torchPython(io.store.settings.get().pythonPath);
  const info = await probeTorchRunner(python);
  if (!info.available) throw new Error(`the PyTorch runner is ${torchRunnerLabel(info)}`);
  if (t.runner.device === 'cuda' && !info.cuda)
    throw new Error(`the PyTorch runner cannot use CUDA: torch ${info.torch} at ${python} sees no GPU`);
  if (t.runner.device === 'cuda' && t.runner.nproc > info.gpus)
    throw new Error(
      `${t.runner.nproc} processes on cuda need a GPU each; torch at ${python} sees ${info.gpus}`,
    );
  io.log(`PyTorch runner: ${torchRunnerLabel(info)}, ${t.runner.nproc} process(es) on ${t.runner.device}`);
  if (t.dropout && t.config.dropout > 0)
    io.log(`dropout ${t.config.dropout} draws torch's masks, not the engine's (python/README.md)`, 'warn');

  const dir = io.job.checkpointDir;
  const work = join(dir, 'torch');
  mkdirSync(work, { recursive: true });
  const data: Record<string, string> = {};
  const streams: [string, readonly TrainingExample[]][] =
    'examples' in t.data ? [[POOLED, t.data.examples]] : [...t.data.byLanguage];
  for (const [key, examples] of streams) {
    data[key] = join(work, `${key}.safetensors`);
    writeCorpusFile(data[key], examples, t.config.inputDim);
  }
  const schedule = trainingSchedule(io.store, t.payload, t.init?.from);
  saveRunSchedule(io.job.home, t.run.id, schedule);
  if (schedule.kind === 'continued')
    io.log(`learning rate: continuing run ${t.init!.from.id}'s schedule after its ${schedule.offset} steps`);
  const metrics = join(work, 'metrics.jsonl');
  const spec = {
    model: t.config,
    seed: t.run.seed,
    steps: t.steps,
    batchFrames: t.payload.batchFrames,
    data,
    ...('sampling' in t.data ? { sampling: t.data.sampling } : {}),
    loss: lossOf(t.payload, t.steps),
    schedule,
    clipNorm: t.payload.clipNorm,
    dropout: t.dropout,
    checkpoints: { dir, every: t.payload.checkpointEvery },
    ...(t.init ? { init: t.init.base } : {}),
    ...(t.masks ? { masks: t.masks } : {}),
    metrics,
  };
  const config = join(work, 'run.json');
  writeFileSync(config, JSON.stringify(spec, null, 2));

  const resumed = checkpointSteps(dir)[0];
  let seconds = 0;
  const store = (r: TorchStepReport) => {
    seconds += r.audioSeconds;
    const perLanguage = Object.fromEntries(Object.entries(r).filter(([name]) => name.startsWith('loss/')));
    io.metrics(r.step, { loss: r.loss, ...perLanguage, lr: r.lr, audio_hours: seconds / 3600 });
  };
  // The steps up to the checkpoint, as the runner reported them: the worker may have been killed (a cancel) while
  // the ranks trained on, checkpointing steps it never stored.
  const earlier = readStepReports(metrics);
  if (resumed !== undefined) {
    const covered = earlier.reports.filter((r) => r.step <= resumed);
    if (covered.length === resumed) covered.forEach(store);
    else seconds = (io.store.runs.metricAt(t.run.id, 'audio_hours', resumed) ?? 0) * 3600;
    io.log(`resuming from ${checkpointBase(dir, resumed)} (step ${resumed})`);
  }
  const onStep = (r: TorchStepReport) => {
    store(r);
    io.progress({
      phase: t.phase,
      step: r.step,
      total: t.steps,
      loss: r.loss,
      lr: r.lr,
      audioSec: r.audioSeconds,
    });
    pruneOldCheckpoints(dir);
  };
  const exit = await runTorchrun({
    python,
    packageDir: torchPackageDir(),
    config,
    metrics,
    metricsFrom: earlier.bytes,
    nproc: t.runner.nproc,
    device: t.runner.device,
    logDir: join(work, 'logs'),
    threads: Math.max(1, Math.floor(workerWasmThreads() / t.runner.nproc)),
    signal: io.signal,
    onStep,
    onLine: (line) => io.log(line),
    onGroup: (pgid, running) => io.processGroup(pgid, running),
  });
  if (exit.stopped) io.pausePoint();
  const newest = checkpointSteps(dir)[0];
  if (exit.code !== 0) {
    const how = exit.signal ? `was killed (${exit.signal})` : `exited with code ${exit.code}`;
    const step = exit.lastStep ?? resumed ?? 0;
    throw new Error(
      `the PyTorch runner (torchrun, ${t.runner.nproc} process(es)) ${how} after step ${step}: ${failureReason(exit.tail)}` +
        (newest !== undefined ? `; the newest checkpoint is step ${newest}` : '; no checkpoint was written'),
    );
  }
  if (newest !== t.steps)
    throw new Error(
      `the PyTorch runner ended at step ${newest ?? 0} of ${t.steps} without a final checkpoint`,
    );
  pruneOldCheckpoints(dir);
  return { base: checkpointBase(dir, newest), steps: newest, audioSeconds: seconds };
}
