import {
  MaskSet,
  parseConfig,
  runImp,
  runOneShot,
  selectPrunable,
  LapConfigSchema,
  LspConfigSchema,
  tf,
  type LapConfig,
  type LspConfig,
  type TrainFn,
} from '../../engine';
import { useBackend } from '../recipes/backend';
import { requireRun, runLanguages } from '../recipes/data';
import { devMetrics } from '../recipes/dev-set';
import { devFeatures, trainingDataByLanguage } from '../recipes/language-data';
import { MaskedTraining } from '../recipes/masked-training';
import { saveMasks } from '../recipes/masks';
import { inheritFrontEnd, parentRuns } from '../recipes/parent';
import { loadRunModel, saveRunModel } from '../recipes/run-model';
import { scheduleOf } from '../recipes/training-options';
import type { JobIo } from './kind';
import { pruneConfig, type PrunePayload } from './prune-schema';

/**
 * LAP (one mask for all languages, one-shot or IMP on mixed data) or LSP (one language, IMP or LTH), starting
 * from the parent dense run's final model. Stores the pruned model (θ ⊙ m) and its mask as artifacts and
 * `non_zeros` / `sparsity` metrics. A retried job starts again from the parent (pruning keeps no checkpoint).
 */
export async function runPrune(payload: PrunePayload, io: JobIo): Promise<void> {
  const run = requireRun(io.store, io.job.runId, 'prune');
  const parent = parentRuns(io.store, run)[0];
  if (!parent) throw new Error(`prune run ${run.id} needs a parent dense run (--parent)`);
  await useBackend(io);
  const lap = payload.method === 'lap';
  const engineConfig = lap
    ? (parseConfig(LapConfigSchema, pruneConfig(payload)) as LapConfig)
    : (parseConfig(LspConfigSchema, pruneConfig(payload)) as LspConfig);
  const languages = lap ? runLanguages(io.store, run) : [payload.language!];
  const model = await loadRunModel(io.store, parent.id);
  try {
    inheritFrontEnd(io, io.store, parent.id, run.id);
    const data = await trainingDataByLanguage(io, io.store, run, languages, model);
    const dev = await devFeatures(io, run, languages, payload.devUtterances);
    const shapes = new Map([...model.params].map(([name, p]) => [name, [...p.shape]]));
    const prunable = selectPrunable(shapes, engineConfig.prunable);
    const start = MaskSet.full(new Map(prunable.map((name) => [name, shapes.get(name)!])));
    let audioSeconds = 0;
    const training = new MaskedTraining({
      config: model.config,
      params: model.params,
      data,
      seed: run.seed,
      batchFrames: payload.batchFrames,
      schedule: scheduleOf(payload),
      clipNorm: payload.clipNorm,
      sampling: payload.sampling,
      onStep: (step, r) => {
        audioSeconds += r.audioSec;
        io.progress({ phase: 'prune', step, total: null, loss: r.loss, lr: r.lr, audioSec: r.audioSec });
        io.metrics(step, { audio_hours: audioSeconds / 3600 });
      },
    });
    const train: TrainFn = async (_params, mask, steps) => {
      const trainer = training.trainer(new Map(languages.map((l) => [l, mask])));
      try {
        await training.trainSteps(trainer, steps);
      } finally {
        trainer.dispose();
      }
    };
    try {
      const method = 'method' in engineConfig ? engineConfig.method : undefined;
      const { mask } =
        method?.kind === 'one-shot'
          ? await runOneShot(model.params, start, train, {
              sparsity: engineConfig.sparsity,
              scope: engineConfig.scope,
              finetuneSteps: method.finetuneSteps,
            })
          : await runImp(model.params, start, train, impOptions(engineConfig));
      const key = lap ? 'all' : payload.language!;
      saveMasks(io, run.id, new Map([[key, mask]]));
      saveRunModel(io, run.id, model.params, {
        step: training.step,
        epoch: 0,
        batchIndex: 0,
        seed: run.seed,
        config: model.config,
      });
      const counts = mask.count();
      const total = [...shapes.values()].reduce((n, s) => n + s.reduce((a, b) => a * b, 1), 0);
      devMetrics(io, training.step, { ...model, paramsFor: () => model.params }, dev);
      io.metrics(training.step, { non_zeros: total - counts.total + counts.kept, sparsity: counts.sparsity });
      io.log(
        `pruned to sparsity ${counts.sparsity.toFixed(4)} (${counts.kept} of ${counts.total} prunable weights kept)`,
      );
    } finally {
      training.dispose();
    }
  } finally {
    tf.dispose([...model.params.values()]);
  }
}

function impOptions(c: LapConfig | LspConfig) {
  if ('method' in c) {
    if (c.method.kind !== 'imp')
      throw new Error(`LAP method '${c.method.kind}' is not supported by prune jobs`);
    return { sparsity: c.sparsity, scope: c.scope, ...c.method };
  }
  if (c.variant === 'imp')
    return {
      sparsity: c.sparsity,
      scope: c.scope,
      rounds: c.rounds,
      stepsPerRound: c.stepsPerRound,
      finalSteps: c.finalSteps,
    };
  if (c.variant === 'lth')
    return {
      sparsity: c.sparsity,
      scope: c.scope,
      rounds: c.rounds,
      stepsPerRound: c.stepsPerRound,
      finalSteps: c.finalSteps,
      rewind: c.rewind,
    };
  throw new Error(`LSP variant '${c.variant}' is not supported by prune jobs`);
}
