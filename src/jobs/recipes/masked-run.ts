import {
  applyMasks,
  tf,
  type DynamicPathways,
  type MaskSet,
  type PathwayTrainer,
  type PathwayTrainerOptions,
  type RnntBatch,
  type SamplingConfig,
} from '../../engine';
import type { Run } from '../../shared/api';
import type { JobIo } from '../kinds/kind';
import { devMetrics } from './dev-set';
import { devFeatures, trainingDataByLanguage } from './language-data';
import { loadMaskedCheckpoint, saveMaskedCheckpoint } from './masked-checkpoint';
import type { Stepper } from './masked-training';
import { recordCompute } from './compute';
import { JobTraining } from './job-training';
import type { RunModel } from './run-model';
import { saveRunModel } from './run-model';
import type { TrainingFieldValues } from './training-options';

export interface MaskedRunOptions {
  run: Run;
  /** The model trained in place (the parent's final weights); the caller disposes its params. */
  model: RunModel;
  /** The masks training starts from, by language (a retried job takes its checkpoint's instead). */
  masks: ReadonlyMap<string, MaskSet>;
  steps: number;
  payload: TrainingFieldValues & { sampling: SamplingConfig };
  /** Progress phase name ('pathways', 'dense'). */
  phase: string;
  /** Dynamic pathways over these trainer options; fixed masks when absent. */
  dynamic?: (options: PathwayTrainerOptions<RnntBatch>) => DynamicPathways<RnntBatch>;
}

/** What a masked run ended with, handed to the caller before the trainer is freed. */
export interface MaskedRunEnd {
  trainer: PathwayTrainer<RnntBatch>;
  dynamic?: DynamicPathways<RnntBatch>;
  step: number;
}

/**
 * Masked multilingual training of a run from its parent's weights (pathways, and dense fine-tuning with full
 * masks): per-language masked steps in chunks of `checkpointEvery`, each chunk ending in a checkpoint of weights,
 * optimizer, masks and (dynamic) re-evaluation state, from which a retried job resumes bit-for-bit. At the end:
 * the final model, dev WER/CER through each language's mask, `train_steps` / `audio_seconds`; `finish` sees the
 * trainer before it is freed.
 */
export async function runMaskedTraining(
  io: JobIo,
  options: MaskedRunOptions,
  finish: (end: MaskedRunEnd) => void,
): Promise<void> {
  const { run, model, payload, steps } = options;
  const languages = [...options.masks.keys()].sort();
  const data = await trainingDataByLanguage(io, io.store, run, languages, model);
  const dev = await devFeatures(io, run, languages, payload.devUtterances);
  const progress = new JobTraining(io, { run, model, data, payload, phase: options.phase, total: steps });
  const training = progress.training;
  const state = { params: model.params, optimizer: training.optimizer, config: model.config, seed: run.seed };
  let dynamic: DynamicPathways<RnntBatch> | undefined;
  let trainer: PathwayTrainer<RnntBatch> | undefined;
  try {
    const resume = loadMaskedCheckpoint(io.job.checkpointDir, state);
    const masks = resume?.masks ?? options.masks;
    dynamic = options.dynamic?.(training.trainerOptions(masks));
    trainer = dynamic?.trainer ?? training.trainer(masks);
    if (resume) {
      if (dynamic) {
        if (!resume.state) throw new Error(`checkpoint ${resume.base}: the dynamic state file is missing`);
        dynamic.importState(resume.state, `checkpoint ${resume.base}`);
      }
      training.skip(trainer.languages, resume.step);
      progress.resumedAt(resume.step);
      io.log(`resuming from ${resume.base} (step ${resume.step})`);
    }
    const active = dynamic;
    const stepper: Stepper = active
      ? { languages: trainer.languages, step: (batches, o) => active.train(batches, o) }
      : trainer;
    while (training.step < steps) {
      await training.trainSteps(stepper, Math.min(payload.checkpointEvery, steps - training.step));
      saveMaskedCheckpoint(io.job.checkpointDir, training.step, state, {
        masks: trainer.masks(),
        state: dynamic?.exportState(),
      });
      io.pausePoint();
    }
    saveRunModel(io, run, model, training.step);
    const done = trainer;
    tf.tidy(() =>
      devMetrics(
        io,
        training.step,
        { ...model, paramsFor: (l) => applyMasks(model.params, done.maskTensors(l)) },
        dev,
      ),
    );
    recordCompute(io, training.step, progress.audioSeconds);
    finish({ trainer, dynamic, step: training.step });
  } finally {
    if (dynamic) dynamic.dispose();
    else trainer?.dispose();
    training.dispose();
  }
}
