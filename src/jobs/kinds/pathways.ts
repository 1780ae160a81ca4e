import {
  applyMasks,
  latestCheckpoint,
  loadCheckpoint,
  overlapReport,
  parameterCounts,
  parseConfig,
  PathwaysConfigSchema,
  randomPathwayMasks,
  saveCheckpoint,
  selectPrunable,
  tf,
  checkpointBase,
  DynamicPathways,
  dynamicSchedule,
  maskHistory,
  type MaskSet,
  type RnntBatch,
} from '../../engine';
import type { Run } from '../../shared/api';
import type { Store } from '../../store';
import { saveMaskReport } from '../results';
import { useBackend } from '../recipes/backend';
import { metricAt, pruneOldCheckpoints } from '../recipes/checkpoints';
import { requireRun, runLanguages } from '../recipes/data';
import { devMetrics } from '../recipes/dev-set';
import { devFeatures, trainingDataByLanguage } from '../recipes/language-data';
import { MaskedTraining, type Stepper } from '../recipes/masked-training';
import { loadMasks, saveMasks } from '../recipes/masks';
import { inheritFrontEnd, parentRuns } from '../recipes/parent';
import { loadRunModel, saveRunModel } from '../recipes/run-model';
import { scheduleOf, stepsOf } from '../recipes/training-options';
import type { JobIo } from './kind';
import type { PathwaysPayload } from './pathways-schema';

/**
 * The dense run the pathways start from and the initial masks by language: LSP parents give theirs (their dense
 * parent gives θ); for dynamic pathways a LAP parent's mask serves every language; random pathways need only θ.
 */
function startingPoint(
  store: Store,
  run: Run,
  method: PathwaysPayload['method'],
): { dense: Run; parentMasks: Map<string, MaskSet>; lap?: MaskSet } {
  const parents = parentRuns(store, run);
  if (parents.length === 0) throw new Error(`pathways run ${run.id} needs parent runs (--parent)`);
  const parentMasks = new Map<string, MaskSet>();
  let dense = parents.find((p) => p.kind === 'dense' || p.kind === 'dense-small');
  let lap: MaskSet | undefined;
  for (const parent of parents) {
    if (parent.kind === 'lsp') {
      for (const [language, mask] of loadMasks(store, parent.id)) parentMasks.set(language, mask);
      dense ??= parentRuns(store, parent)[0];
    } else if (parent.kind === 'lap') {
      lap = loadMasks(store, parent.id).get('all');
      dense ??= parentRuns(store, parent)[0];
    }
  }
  if (!dense) throw new Error(`run ${run.id}: no dense run among its parents or theirs`);
  if (method === 'pathways' && parentMasks.size === 0)
    throw new Error(`fixed pathways take LSP parent runs; run ${run.id} has none`);
  if (method === 'pathways-dynamic' && parentMasks.size === 0 && !lap)
    throw new Error(`dynamic pathways start from LAP or LSP masks; run ${run.id} has no such parent`);
  return { dense, parentMasks, lap };
}

/** Initial masks of the run's method, by language. */
function initialMasks(
  payload: PathwaysPayload,
  start: ReturnType<typeof startingPoint>,
  shapes: Map<string, number[]>,
  languages: readonly string[],
  seed: number,
): Map<string, MaskSet> {
  if (payload.method === 'pathways-random') {
    const prunable = new Map(selectPrunable(shapes).map((n) => [n, shapes.get(n)!]));
    return randomPathwayMasks(prunable, languages, payload.sparsity, payload.maskSeed + seed, payload.scope);
  }
  if (start.parentMasks.size > 0) return start.parentMasks;
  return new Map(languages.map((l) => [l, start.lap!.clone()]));
}

/**
 * ASR pathways: shared weights from the dense run, one mask per language (from LSP runs, or random), trained
 * with a language sampler through θ ⊙ m_l; weights outside the union of the masks stay 0. Dynamic pathways
 * re-select the masks on a cubic schedule (DynamicPathways) and store the re-evaluations as the mask report's
 * history. Fixed and random pathways checkpoint weights and optimizer state every `checkpointEvery` steps and a
 * retried job resumes from the last one; a dynamic run starts over.
 */
export async function runPathways(payload: PathwaysPayload, io: JobIo): Promise<void> {
  const run = requireRun(io.store, io.job.runId, 'pathways');
  await useBackend(io);
  const start = startingPoint(io.store, run, payload.method);
  const dense = start.dense;
  const model = await loadRunModel(io.store, dense.id);
  const shapes = new Map([...model.params].map(([name, p]) => [name, [...p.shape]]));
  const languages =
    start.parentMasks.size > 0 ? [...start.parentMasks.keys()].sort() : runLanguages(io.store, run);
  const steps = stepsOf(payload);
  parseConfig(PathwaysConfigSchema, {
    kind: 'pathways',
    languages,
    sparsity: payload.sparsity,
    steps,
    sampling: payload.sampling,
    masks:
      payload.method === 'pathways'
        ? { source: 'fixed' }
        : payload.method === 'pathways-random'
          ? { source: 'random', seed: payload.maskSeed, scope: payload.scope }
          : { source: 'dynamic', dynamic: payload.dynamic },
  });
  const masks = initialMasks(payload, start, shapes, languages, run.seed);
  try {
    inheritFrontEnd(io, io.store, dense.id, run.id);
    const data = await trainingDataByLanguage(io, io.store, run, languages, model);
    const dev = await devFeatures(io, run, languages, payload.devUtterances);
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
        const perLanguage = Object.fromEntries([...r.losses].map(([l, v]) => [`loss/${l}`, v]));
        io.progress({ phase: 'pathways', step, total: steps, loss: r.loss, lr: r.lr, audioSec: r.audioSec });
        io.metrics(step, { ...perLanguage, audio_hours: audioSeconds / 3600 });
      },
    });
    const dynamic =
      payload.method === 'pathways-dynamic'
        ? new DynamicPathways<RnntBatch>({
            ...training.trainerOptions(masks),
            dynamic: {
              schedule: dynamicSchedule(payload.dynamic, steps, payload.sparsity, meanSparsity(masks)),
              totalSteps: steps,
              score: payload.dynamic.score,
              scope: payload.dynamic.scope,
              shadowLr: payload.dynamic.shadowLr,
              shadowOptimizer: payload.dynamic.shadowOptimizer,
            },
          })
        : undefined;
    const trainer = dynamic?.trainer ?? training.trainer(masks);
    const stepper: Stepper = dynamic
      ? { languages: trainer.languages, step: (batches, options) => dynamic.train(batches, options) }
      : trainer;
    try {
      // dynamic pathways keep no checkpoint (their masks and shadow state change): a retry starts over
      const resume = dynamic ? undefined : latestCheckpoint(io.job.checkpointDir);
      if (resume) {
        const { step } = loadCheckpoint(resume, model.params, training.optimizer, model.config);
        training.skip(trainer.languages, step, payload.checkpointEvery);
        audioSeconds = (metricAt(io.store.db, run.id, 'audio_hours', training.step) ?? 0) * 3600;
        io.log(`resuming from ${resume} (step ${training.step})`);
      }
      while (training.step < steps) {
        await training.trainSteps(stepper, Math.min(payload.checkpointEvery, steps - training.step));
        if (dynamic) continue;
        saveCheckpoint(
          checkpointBase(io.job.checkpointDir, training.step),
          model.params,
          training.optimizer,
          {
            step: training.step,
            epoch: 0,
            batchIndex: 0,
            seed: run.seed,
            config: model.config,
          },
        );
        pruneOldCheckpoints(io.job.checkpointDir);
        io.pausePoint();
      }
      const finalMasks = new Map(trainer.masks());
      saveMasks(io, run.id, finalMasks);
      saveRunModel(io, run.id, model.params, {
        step: training.step,
        epoch: 0,
        batchIndex: 0,
        seed: run.seed,
        config: model.config,
      });
      saveMaskReport(
        io.store.db,
        run.id,
        overlapReport(finalMasks, dynamic ? { history: maskHistory(dynamic.history) } : {}),
      );
      tf.tidy(() =>
        devMetrics(
          io,
          training.step,
          { ...model, paramsFor: (l) => applyMasks(model.params, trainer.maskTensors(l)) },
          dev,
        ),
      );
      const counts = parameterCounts(shapes, finalMasks);
      io.metrics(training.step, {
        non_zeros: counts.unionNonZero,
        sparsity: meanSparsity(finalMasks),
        union_sparsity: 1 - (counts.unionNonZero - (counts.total - counts.prunable)) / counts.prunable,
      });
    } finally {
      if (dynamic) dynamic.dispose();
      else trainer.dispose();
      training.dispose();
    }
  } finally {
    tf.dispose([...model.params.values()]);
  }
}

function meanSparsity(masks: ReadonlyMap<string, MaskSet>): number {
  const s = [...masks.values()].map((m) => m.sparsity());
  return s.reduce((a, b) => a + b, 0) / s.length;
}
