import {
  MaskSet,
  parseConfig,
  pruneDriver,
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
import { recordCompute } from '../recipes/compute';
import { JobTraining } from '../recipes/job-training';
import { recordPrunedSize, saveMasks } from '../recipes/masks';
import { inheritFrontEnd, parentRuns } from '../recipes/parent';
import { loadRewindPoint, rewindPointFile, saveRewindPoint } from '../recipes/rewind-point';
import { loadRunModel, saveRunModel } from '../recipes/run-model';
import type { JobIo } from './kind';
import { runAdaptiveLsp } from './prune-adaptive';
import { plannedPruneSteps, pruneConfig, type PrunePayload } from './prune-schema';

/**
 * LAP (one mask for all languages, one-shot or IMP on mixed data) or LSP (one language, IMP, LTH, or adaptive
 * re-pruning: prune-adaptive.ts), starting
 * from the parent dense run's final model. Stores the pruned model (θ ⊙ m) and its mask as artifacts and
 * `non_zeros` / `sparsity` / `train_steps` / `audio_seconds` metrics. Training is checkpointed every
 * `checkpointEvery` steps and before every pruning (weights, optimizer, current mask, IMP rounds done), and LTH
 * saves the weights it rewinds to (the start, or step k once training gets there) beside them; a retried job
 * resumes from the last checkpoint (and that rewind point).
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
  if (engineConfig.kind === 'lsp' && engineConfig.variant === 'adaptive')
    return runAdaptiveLsp(io, run, parent, payload, engineConfig);
  const languages = lap ? runLanguages(io.store, run) : [payload.language!];
  const key = lap ? 'all' : payload.language!;
  const model = await loadRunModel(io.store, parent.id);
  let rewindTo: Map<string, tf.Variable> | undefined;
  try {
    inheritFrontEnd(io, io.store, parent.id, run.id);
    const data = await trainingDataByLanguage(io, io.store, run, languages, model);
    const dev = await devFeatures(io, run, languages, payload.devUtterances);
    const shapes = new Map([...model.params].map(([name, p]) => [name, [...p.shape]]));
    const prunable = selectPrunable(shapes, engineConfig.prunable);
    const start = MaskSet.full(new Map(prunable.map((name) => [name, shapes.get(name)!])));
    const training = new JobTraining(io, {
      run,
      config: model.config,
      params: model.params,
      data: {
        byLanguage: data,
        sampling: payload.sampling,
        masks: new Map(languages.map((l) => [l, start])),
      },
      payload,
      phase: 'prune',
      total: plannedPruneSteps(payload),
      from: parent,
    });
    const { loop } = training;
    const rewind = 'rewind' in engineConfig ? engineConfig.rewind : undefined;
    const resume = training.resume((job) => `, ${(job as PrunePosition).roundsDone} pruning rounds done`);
    const position = resume ? (resume.job as PrunePosition) : { segmentStart: 0, roundsDone: 0 };
    if (resume) {
      rewindTo = rewind && loadRewindPoint(io.job.checkpointDir, model.config, rewind, resume.step);
      if (rewindTo) io.log(`rewinding to ${rewindPointFile(io.job.checkpointDir)}`);
    }
    let planned = position.segmentStart;
    let next: PrunePosition = position;
    // one call per IMP round (LTH to a step: round 1 in two) and the final training: it trains the steps its
    // checkpoint does not cover yet, and its checkpoints record the round it belongs to
    const train: TrainFn = async (_params, mask, steps) => {
      const here = next;
      const end = (planned += steps);
      next = { segmentStart: end, roundsDone: here.roundsDone + 1 };
      // the mask a round after the first trains with is the one the previous round's pruning left
      if (here.roundsDone > 0) saveMasks(io, run.id, new Map([[key, mask]]), { round: here.roundsDone });
      if (loop.completedSteps >= end) return;
      loop.setMasks(new Map(languages.map((l) => [l, mask])));
      await training.trainTo(end, { ...here });
    };
    const onRewindPoint = async () => {
      await saveRewindPoint(io.job.checkpointDir, loop.completedSteps, { ...model, seed: run.seed });
      io.log(`saved the LTH rewind point (step ${loop.completedSteps})`);
      // taken in round 1 (to a step: between its two train calls): the next call still trains round 1
      next = { segmentStart: 0, roundsDone: 0 };
    };
    const onRewind = () => {
      if (engineConfig.kind !== 'lsp' || engineConfig.variant !== 'lth') return;
      if (engineConfig.rewindOptimizer === 'reset') loop.resetOptimizer();
    };
    try {
      const plan = pruneDriver(engineConfig);
      const resumedMask = resume ? loop.masks()!.get(languages[0]) : undefined;
      const { mask } =
        plan.driver === 'one-shot'
          ? await runOneShot(
              model.params,
              start,
              train,
              plan.options,
              resumedMask ? { mask: resumedMask } : undefined,
            )
          : await runImp(
              model.params,
              start,
              train,
              { ...plan.options, onRewindPoint, onRewind },
              resumedMask ? { roundsDone: position.roundsDone, mask: resumedMask, rewindTo } : undefined,
            );
      const step = loop.completedSteps;
      saveMasks(io, run.id, new Map([[key, mask]]));
      await saveRunModel(io, run, model, step);
      await devMetrics(io, step, { ...model, paramsFor: () => model.params }, dev);
      const counts = recordPrunedSize(io, step, shapes, mask);
      recordCompute(io, step, training.audioSeconds);
      io.log(
        `pruned to sparsity ${counts.sparsity.toFixed(4)} (${counts.kept} of ${counts.total} prunable weights kept)`,
      );
    } finally {
      training.dispose();
    }
  } finally {
    tf.dispose([...model.params.values(), ...(rewindTo?.values() ?? [])]);
  }
}

/**
 * Where a prune checkpoint stands: the first step of the training it belongs to (an IMP round, the final training
 * or the one-shot fine-tuning) and the pruning rounds before it.
 */
interface PrunePosition {
  segmentStart: number;
  roundsDone: number;
}
