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
  type MaskSet,
} from '../../engine';
import type { Run } from '../../shared/api';
import type { Store } from '../../store';
import { saveMaskReport } from '../results';
import { useBackend } from '../recipes/backend';
import { metricAt, pruneOldCheckpoints } from '../recipes/checkpoints';
import { requireRun, runLanguages } from '../recipes/data';
import { devMetrics } from '../recipes/dev-set';
import { devFeatures, trainingDataByLanguage } from '../recipes/language-data';
import { MaskedTraining } from '../recipes/masked-training';
import { loadMasks, saveMasks } from '../recipes/masks';
import { inheritFrontEnd, parentRuns } from '../recipes/parent';
import { loadRunModel, saveRunModel } from '../recipes/run-model';
import { scheduleOf, stepsOf } from '../recipes/training-options';
import type { JobIo } from './kind';
import type { PathwaysPayload } from './pathways-schema';

/** The dense run the pathways start from, and the language masks of fixed pathways (from LSP parents). */
function startingPoint(
  store: Store,
  run: Run,
  method: PathwaysPayload['method'],
): { dense: Run; lspMasks: Map<string, MaskSet> } {
  const parents = parentRuns(store, run);
  if (parents.length === 0) throw new Error(`pathways run ${run.id} needs parent runs (--parent)`);
  if (method === 'pathways-random') return { dense: parents[0], lspMasks: new Map() };
  const lspMasks = new Map<string, MaskSet>();
  let dense: Run | undefined;
  for (const lsp of parents) {
    if (lsp.kind !== 'lsp') throw new Error(`fixed pathways take LSP parents; run ${lsp.id} is ${lsp.kind}`);
    for (const [language, mask] of loadMasks(store, lsp.id)) lspMasks.set(language, mask);
    dense ??= parentRuns(store, lsp)[0];
  }
  if (!dense) throw new Error(`the LSP parents of run ${run.id} have no dense parent`);
  return { dense, lspMasks };
}

/**
 * ASR pathways: shared weights from the dense run, one mask per language (from LSP runs, or random), trained
 * with a language sampler through θ ⊙ m_l; weights outside the union of the masks stay 0. Checkpoints (weights
 * and optimizer state) every `checkpointEvery` steps; a retried job resumes from the last one.
 */
export async function runPathways(payload: PathwaysPayload, io: JobIo): Promise<void> {
  const run = requireRun(io.store, io.job.runId, 'pathways');
  await useBackend(io);
  const { dense, lspMasks } = startingPoint(io.store, run, payload.method);
  const model = await loadRunModel(io.store, dense.id);
  const shapes = new Map([...model.params].map(([name, p]) => [name, [...p.shape]]));
  const languages = payload.method === 'pathways' ? [...lspMasks.keys()].sort() : runLanguages(io.store, run);
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
        : { source: 'random', seed: payload.maskSeed, scope: payload.scope },
  });
  const masks =
    payload.method === 'pathways'
      ? lspMasks
      : randomPathwayMasks(
          new Map(selectPrunable(shapes).map((n) => [n, shapes.get(n)!])),
          languages,
          payload.sparsity,
          payload.maskSeed + run.seed,
          payload.scope,
        );
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
    const trainer = training.trainer(masks);
    try {
      const resume = latestCheckpoint(io.job.checkpointDir);
      if (resume) {
        training.step = loadCheckpoint(resume, model.params, training.optimizer, model.config).step;
        audioSeconds = (metricAt(io.store.db, run.id, 'audio_hours', training.step) ?? 0) * 3600;
        io.log(`resuming from ${resume} (step ${training.step})`);
      }
      while (training.step < steps) {
        await training.trainSteps(trainer, Math.min(payload.checkpointEvery, steps - training.step));
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
      saveMasks(io, run.id, masks);
      saveRunModel(io, run.id, model.params, {
        step: training.step,
        epoch: 0,
        batchIndex: 0,
        seed: run.seed,
        config: model.config,
      });
      saveMaskReport(io.store.db, run.id, overlapReport(masks));
      tf.tidy(() =>
        devMetrics(
          io,
          training.step,
          { ...model, paramsFor: (l) => applyMasks(model.params, trainer.maskTensors(l)) },
          dev,
        ),
      );
      const counts = parameterCounts(shapes, masks);
      const sparsities = [...masks.values()].map((m) => m.sparsity());
      io.metrics(training.step, {
        non_zeros: counts.unionNonZero,
        sparsity: sparsities.reduce((a, b) => a + b, 0) / sparsities.length,
        union_sparsity: 1 - (counts.unionNonZero - (counts.total - counts.prunable)) / counts.prunable,
      });
    } finally {
      trainer.dispose();
      training.dispose();
    }
  } finally {
    tf.dispose([...model.params.values()]);
  }
}
