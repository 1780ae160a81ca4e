import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  loadWeights,
  MaskSet,
  parameterCount,
  saveWeights,
  selectPrunable,
  tf,
  type SamplingConfig,
} from '../../engine';
import type { Run } from '../../shared/api';
import { runLanguages } from '../recipes/data';
import { runMaskedTraining } from '../recipes/masked-run';
import { inheritFrontEnd } from '../recipes/parent';
import { writeFileAtomic } from '../checkpoint';
import { recordCompute } from '../recipes/compute';
import { devMetrics } from '../recipes/dev-set';
import { devFeatures, trainingDataByLanguage } from '../recipes/language-data';
import { loadRunModel, saveRunModel, type RunModel } from '../recipes/run-model';
import { trainOnTorch } from '../torch/train-on-torch';
import type { TorchRunnerConfig } from '../torch/runner-schema';
import { stepsOf } from '../recipes/training-options';
import type { JobIo } from './kind';
import type { TrainPayload } from './train-schema';

/**
 * Dense fine-tuning from a parent dense run's final model (Dense + F, and the compute-matched Dense): the same
 * multilingual masked training as LAP and pathways with a full mask for every language, so all of them see the
 * same batches per step; checkpointed and resumable like pathways. The parent's architecture, tokenizer and
 * CMVN statistics are kept (the payload's preset and model overrides do not apply).
 */
export async function continueDense(payload: TrainPayload, io: JobIo, run: Run, parent: Run): Promise<void> {
  const model = await loadRunModel(io.store, parent.id);
  try {
    inheritFrontEnd(io, io.store, parent.id, run.id);
    const shapes = new Map([...model.params].map(([name, p]) => [name, [...p.shape]]));
    const full = MaskSet.full(new Map(selectPrunable(shapes).map((n) => [n, shapes.get(n)!])));
    const masks = new Map(runLanguages(io.store, run).map((l) => [l, full.clone()]));
    io.log(`continuing dense run ${parent.id} (step ${model.step}) for ${stepsOf(payload)} steps`);
    if (payload.runner?.kind === 'torch')
      return await continueOnTorch(payload, payload.runner, io, run, parent, model);
    await runMaskedTraining(
      io,
      {
        run,
        model,
        masks,
        steps: stepsOf(payload),
        payload: { ...payload, sampling: payload.sampling as SamplingConfig },
        phase: 'train',
        from: parent,
      },
      ({ step }) => io.metrics(step, { non_zeros: parameterCount(model.config), sparsity: 0 }),
    );
  } finally {
    tf.dispose([...model.params.values()]);
  }
}

/**
 * Dense fine-tuning on the PyTorch runner: the same per-language batches as the engine's full-mask training (a
 * full mask changes nothing, so the runner trains without masks), from the parent's weights, continuing its
 * schedule; the final weights become the run's model, as on the engine.
 */
async function continueOnTorch(
  payload: TrainPayload,
  runner: TorchRunnerConfig,
  io: JobIo,
  run: Run,
  parent: Run,
  model: RunModel,
): Promise<void> {
  const languages = runLanguages(io.store, run);
  const data = await trainingDataByLanguage(io, io.store, run, languages, model);
  const dev = await devFeatures(io, run, languages, payload.devUtterances);
  const work = join(io.job.checkpointDir, 'torch');
  mkdirSync(work, { recursive: true });
  const init = join(work, 'init');
  saveWeights(
    init,
    { params: model.params, step: model.step, seed: run.seed, config: model.config },
    writeFileAtomic,
  );
  const trained = await trainOnTorch(io, {
    run,
    config: model.config,
    data: { byLanguage: data, sampling: payload.sampling as SamplingConfig },
    payload,
    runner,
    steps: stepsOf(payload),
    dropout: false,
    init: { base: init, from: parent },
  });
  loadWeights(trained.base, model.params, model.config);
  saveRunModel(io, run, model, trained.steps);
  devMetrics(io, trained.steps, { ...model, paramsFor: () => model.params }, dev);
  recordCompute(io, trained.steps, trained.audioSeconds);
  io.metrics(trained.steps, { non_zeros: parameterCount(model.config), sparsity: 0 });
}
