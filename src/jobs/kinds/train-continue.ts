import { MaskSet, parameterCount, selectPrunable, tf, type SamplingConfig } from '../../engine';
import type { Run } from '../../shared/api';
import { runLanguages } from '../recipes/data';
import { runMaskedTraining } from '../recipes/masked-run';
import { inheritFrontEnd } from '../recipes/parent';
import { loadRunModel } from '../recipes/run-model';
import { runMaskedOnTorch } from '../torch/masked-on-torch';
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
    if (payload.runner?.kind === 'torch') {
      // a full mask changes nothing: the runner trains the same per-language batches without masks
      const options = {
        run,
        model,
        steps: stepsOf(payload),
        from: parent,
        runner: payload.runner,
        phase: 'train',
      };
      const sampling = payload.sampling as SamplingConfig;
      return await runMaskedOnTorch(io, { ...options, payload: { ...payload, sampling } }, ({ step }) =>
        io.metrics(step, { non_zeros: parameterCount(model.config), sparsity: 0 }),
      );
    }
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
