import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { applyMasks, loadWeights, saveWeights, tf, type MaskSet, type SamplingConfig } from '../../engine';
import type { Run } from '../../shared/api';
import { writeFileAtomic } from '../checkpoint';
import type { JobIo } from '../kinds/kind';
import { recordCompute } from '../recipes/compute';
import { runLanguages } from '../recipes/data';
import { devMetrics, disposeMasked } from '../recipes/dev-set';
import { devFeatures, trainingDataByLanguage } from '../recipes/language-data';
import { saveRunModel, type RunModel } from '../recipes/run-model';
import type { TrainingFieldValues } from '../recipes/training-options';
import type { TorchRunnerConfig } from './runner-schema';
import { trainOnTorch } from './train-on-torch';

export interface MaskedOnTorchOptions {
  run: Run;
  /** The parent's model: the runner starts from its weights, which end as the run's final ones. */
  model: RunModel;
  /** Fixed masks by language (pathways); none for dense fine-tuning (a full mask changes nothing). */
  masks?: ReadonlyMap<string, MaskSet>;
  steps: number;
  payload: TrainingFieldValues & { sampling: SamplingConfig };
  /** The run whose final weights `model` holds (its schedule is continued unless the payload says otherwise). */
  from: Run;
  runner: TorchRunnerConfig;
  /** Progress phase name ('train', 'pathways'). */
  phase: string;
}

/**
 * The PyTorch runner's counterpart of runMaskedTraining: multilingual training of a run from its parent's
 * weights, with the engine's per-language batches and, where given, fixed masks per language (θ ⊙ m_l, updates
 * restricted to the union of the step's masks). At the end: the final model in the run folder, dev WER/CER
 * through each language's mask, `train_steps` / `audio_seconds`; `finish` then adds what the kind records.
 */
export async function runMaskedOnTorch(
  io: JobIo,
  o: MaskedOnTorchOptions,
  finish: (end: { step: number }) => void,
): Promise<void> {
  const { run, model, masks, payload } = o;
  const languages = masks ? [...masks.keys()].sort() : runLanguages(io.store, run);
  const data = await trainingDataByLanguage(io, io.store, run, languages, model);
  const dev = await devFeatures(io, run, languages, payload.devUtterances);
  const work = join(io.job.checkpointDir, 'torch');
  mkdirSync(work, { recursive: true });
  const init = join(work, 'init');
  await saveWeights(
    init,
    { params: model.params, step: model.step, seed: run.seed, config: model.config },
    writeFileAtomic,
  );
  const maskFiles = masks
    ? Object.fromEntries(
        [...masks].map(([language, mask]) => {
          const path = join(work, `mask-${language}.safetensors`);
          mask.save(path);
          return [language, path];
        }),
      )
    : undefined;
  const trained = await trainOnTorch(io, {
    run,
    config: model.config,
    data: { byLanguage: data, sampling: payload.sampling },
    payload,
    runner: o.runner,
    phase: o.phase,
    steps: o.steps,
    dropout: false,
    init: { base: init, from: o.from },
    masks: maskFiles,
  });
  loadWeights(trained.base, model.params, model.config);
  await saveRunModel(io, run, model, trained.steps);
  await devMetrics(
    io,
    trained.steps,
    {
      ...model,
      paramsFor: (l) => {
        if (!masks) return model.params;
        const maskTensors = masks.get(l)!.toTensors();
        try {
          return applyMasks(model.params, maskTensors);
        } finally {
          tf.dispose([...maskTensors.values()]);
        }
      },
      release: (masked) => disposeMasked(masked, model.params),
    },
    dev,
  );
  recordCompute(io, trained.steps, trained.audioSeconds);
  finish({ step: trained.steps });
}
