import { disposeParams, initParams, loadWeights, parameterCount, type SamplingConfig } from '../../engine';
import { DEFAULT_SPARSITY } from '../../shared/api';
import { homeLayout } from '../../store';
import { useBackend } from '../recipes/backend';
import { recordCompute } from '../recipes/compute';
import { parentRuns } from '../recipes/parent';
import { requireRun, runLanguages, runUtterances } from '../recipes/data';
import { devMetrics, devSubset } from '../recipes/dev-set';
import { globalCmvn, loadFeatures, trainingExamples } from '../recipes/features';
import { JobTraining } from '../recipes/job-training';
import { modelConfig, sizeMatchedConfig } from '../recipes/model-config';
import { recordModel, saveFrontEnd } from '../recipes/run-model';
import { buildTokenizer } from '../recipes/tokenizer';
import { stepsOf } from '../recipes/training-options';
import { trainOnTorch } from '../torch/train-on-torch';
import type { JobIo } from './kind';
import { continueDense } from './train-continue';
import type { TrainPayload } from './train-schema';

/**
 * Dense training from scratch pools every language's utterances into its batches, which is proportional sampling
 * by utterance and the usual dense recipe; any other scheme (or mode 'sample') draws per-language batches with the
 * sampler, as every other kind does.
 */
function pooled(sampling: SamplingConfig): boolean {
  return (
    sampling.scheme === 'proportional' && sampling.mode === 'all' && sampling.batchesPerStep === undefined
  );
}

function describeSampling(s: SamplingConfig): string {
  const scheme = s.scheme === 'temperature' ? `temperature T=${s.temperature}` : s.scheme;
  return s.mode === 'sample'
    ? `${scheme}, ${s.batchesPerStep ?? 'one per language'} batches a step drawn`
    : `${scheme}, a batch of every language each step`;
}

/**
 * Dense training (Dense, Dense small) of a run on its datasets' train split; see the README's job kinds. A dense
 * run with a dense parent continues the parent's model instead (continueDense).
 */
export async function runTrain(payload: TrainPayload, io: JobIo): Promise<void> {
  const run = requireRun(io.store, io.job.runId, 'train');
  await useBackend(io);
  const parent = parentRuns(io.store, run)[0];
  if (parent) {
    if (run.kind !== 'dense' || parent.kind !== 'dense')
      throw new Error(
        `run ${run.id}: only a dense run continues a parent, and only a dense one (got ${run.kind} from ${parent.kind})`,
      );
    return continueDense(payload, io, run, parent);
  }
  const languages = runLanguages(io.store, run);
  const cacheDir = homeLayout(io.job.home).featureCache;
  const skip = (u: { id: string }, why: string) => io.log(`skipping ${u.id}: ${why}`, 'warn');

  const trainUtterances = runUtterances(io.store, run, 'train', languages);
  if (trainUtterances.length === 0)
    throw new Error(`no train utterances in languages ${languages.join(', ')} of the run's datasets`);
  const tokenizer = buildTokenizer(trainUtterances, payload.tokenizer);
  let config = modelConfig(payload.preset, payload.model, tokenizer.vocab.length);
  const target =
    payload.targetParams ??
    (run.kind === 'dense-small'
      ? Math.round(parameterCount(config) * (1 - (payload.sparsity ?? DEFAULT_SPARSITY)))
      : undefined);
  if (target !== undefined) config = sizeMatchedConfig(config, target);
  io.log(`model: ${parameterCount(config)} parameters, vocabulary ${tokenizer.vocab.length}`);

  const features = await loadFeatures(cacheDir, trainUtterances, {
    onProgress: (done, total) => io.progress({ phase: 'features', step: done, total }),
    onSkip: skip,
  });
  const cmvn = globalCmvn(features);
  const frontEnd = { tokenizer, cmvn };
  if (!io.store.runs.artifacts(run.id).some((a) => a.kind === 'tokenizer'))
    await saveFrontEnd(io, run.id, frontEnd);
  const data = pooled(payload.sampling)
    ? { examples: trainingExamples(features, cmvn, tokenizer, skip) }
    : {
        byLanguage: new Map(
          languages.map((l) => [
            l,
            trainingExamples(
              features.filter((f) => f.utterance.language === l),
              cmvn,
              tokenizer,
              skip,
            ),
          ]),
        ),
        sampling: payload.sampling,
      };
  io.log(
    'examples' in data
      ? 'batches pool every language (proportional to their utterances)'
      : `batches drawn per language by the sampler: ${describeSampling(payload.sampling)}`,
  );
  const devUtterances = runUtterances(io.store, run, 'dev', languages);
  const dev = devSubset(await loadFeatures(cacheDir, devUtterances, { onSkip: skip }), payload.devUtterances);

  const maxSteps = stepsOf(payload);
  const devEvery = payload.devEvery ?? Math.max(payload.checkpointEvery, Math.round(maxSteps / 5));
  const params = initParams(config, run.seed);
  const model = { config, paramsFor: () => params, ...frontEnd };
  if (payload.runner?.kind === 'torch') {
    try {
      io.log('dev WER/CER once the PyTorch runner has finished');
      const trained = await trainOnTorch(io, {
        run,
        config,
        data,
        payload,
        runner: payload.runner,
        phase: 'train',
        steps: maxSteps,
        dropout: true,
      });
      loadWeights(trained.base, params, config);
      await devMetrics(io, trained.steps, model, dev);
      recordModel(io, trained.base);
      io.metrics(trained.steps, { non_zeros: parameterCount(config), sparsity: 0 });
      recordCompute(io, trained.steps, trained.audioSeconds);
    } finally {
      disposeParams(params);
    }
    return;
  }
  let lastDevStep = 0;
  const training = new JobTraining(io, {
    run,
    config,
    params,
    data,
    payload,
    phase: 'train',
    total: maxSteps,
    dropout: true,
    afterCheckpoint: async (step) => {
      if (step % devEvery !== 0) return;
      await devMetrics(io, step, model, dev);
      lastDevStep = step;
    },
  });
  try {
    training.resume();
    await training.trainTo(maxSteps);
    const steps = training.loop.completedSteps;
    if (lastDevStep !== steps) await devMetrics(io, steps, model, dev);
    const final = training.loop.lastCheckpoint;
    if (!final) throw new Error(`training ended without a checkpoint in ${io.job.checkpointDir}`);
    recordModel(io, final);
    io.metrics(steps, { non_zeros: parameterCount(config), sparsity: 0 });
    recordCompute(io, steps, training.audioSeconds);
  } finally {
    training.dispose();
    disposeParams(params);
  }
}
