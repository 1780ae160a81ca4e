import { MaskSet, selectPrunable, tf, type LspConfig } from '../../engine';
import type { Run } from '../../shared/api';
import { dynamicOptions } from '../recipes/dynamic-options';
import { runMaskedTraining } from '../recipes/masked-run';
import { recordPrunedSize, saveMasks } from '../recipes/masks';
import { inheritFrontEnd } from '../recipes/parent';
import { loadRunModel } from '../recipes/run-model';
import type { JobIo } from './kind';
import type { PrunePayload } from './prune-schema';

type AdaptiveLsp = Extract<LspConfig, { variant: 'adaptive' }>;

/**
 * The second paper's monolingual variant of dynamic pathways: one language's sparse model in one run. Training
 * starts from the parent dense model with every weight kept; every `dynamic.every` steps the mask is re-selected
 * over all prunable weights at the cubic schedule's sparsity, which reaches the target before the run ends, so
 * pruned weights can come back. Resumes from its checkpoints like every masked training.
 */
export async function runAdaptiveLsp(
  io: JobIo,
  run: Run,
  parent: Run,
  payload: PrunePayload,
  config: AdaptiveLsp,
) {
  const model = await loadRunModel(io.store, parent.id);
  try {
    inheritFrontEnd(io, io.store, parent.id, run.id);
    const shapes = new Map([...model.params].map(([name, p]) => [name, [...p.shape]]));
    const prunable = selectPrunable(shapes, config.prunable);
    const full = MaskSet.full(new Map(prunable.map((name) => [name, shapes.get(name)!])));
    const masks = new Map([[config.language, full]]);
    const dynamic = dynamicOptions(config.dynamic, config.steps, config.sparsity, masks, config.scope);
    await runMaskedTraining(
      io,
      { run, model, masks, steps: config.steps, payload, phase: 'prune', dynamic, from: parent },
      ({ loop, step }) => {
        const mask = loop.masks()!.get(config.language)!;
        saveMasks(io, run.id, new Map([[config.language, mask]]));
        const counts = recordPrunedSize(io, step, shapes, mask);
        io.log(
          `adaptive pruning: ${loop.reevaluations.length} re-selections, sparsity ${counts.sparsity.toFixed(4)} (${counts.kept} of ${counts.total} prunable weights kept)`,
        );
      },
    );
  } finally {
    tf.dispose([...model.params.values()]);
  }
}
