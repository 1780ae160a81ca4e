import {
  applyMasks,
  type LoopDynamicOptions,
  type MaskSet,
  type SamplingConfig,
  type TrainingLoop,
} from '../../engine';
import type { Run } from '../../shared/api';
import type { JobIo } from '../kinds/kind';
import { recordCompute } from './compute';
import { devMetrics, disposeMasked } from './dev-set';
import { JobTraining } from './job-training';
import { devFeatures, trainingDataByLanguage } from './language-data';
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
  /** Progress phase name ('pathways', 'train'). */
  phase: string;
  /** The run whose final weights `model` holds (its schedule may be continued). */
  from: Run;
  /** Dynamic pathways: how the masks are re-selected; fixed masks when absent. */
  dynamic?: LoopDynamicOptions;
}

/**
 * Masked multilingual training of a run from its parent's weights (pathways, and dense fine-tuning with full
 * masks) through the job's training loop, resumable bit for bit from its checkpoints. At the end: the final model,
 * dev WER/CER through each language's mask, `train_steps` / `audio_seconds`; `finish` sees the loop (masks,
 * re-evaluations) before it is freed.
 */
export async function runMaskedTraining(
  io: JobIo,
  options: MaskedRunOptions,
  finish: (end: { loop: TrainingLoop; step: number }) => void,
): Promise<void> {
  const { run, model, payload, steps } = options;
  const languages = [...options.masks.keys()].sort();
  const data = await trainingDataByLanguage(io, io.store, run, languages, model);
  const dev = await devFeatures(io, run, languages, payload.devUtterances);
  const training = new JobTraining(io, {
    run,
    config: model.config,
    params: model.params,
    data: { byLanguage: data, sampling: payload.sampling, masks: options.masks, dynamic: options.dynamic },
    payload,
    phase: options.phase,
    total: steps,
    from: options.from,
  });
  try {
    training.resume();
    await training.trainTo(steps);
    const { loop } = training;
    const step = loop.completedSteps;
    await saveRunModel(io, run, model, step);
    await devMetrics(
      io,
      step,
      {
        ...model,
        paramsFor: (l) => applyMasks(model.params, loop.maskTensors(l)),
        release: (masked) => disposeMasked(masked, model.params),
      },
      dev,
    );
    recordCompute(io, step, training.audioSeconds);
    finish({ loop, step });
  } finally {
    training.dispose();
  }
}
