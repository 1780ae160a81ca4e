import type { RnntConfig } from '../../../src/engine/model/config';
import { initParams, disposeParams } from '../../../src/engine/model/params';
import { TrainingLoop, type StepReport, type TrainingLoopOptions } from '../../../src/engine/train/loop';
import { tinyConfig } from '../../engine/model/fixtures';
import { syntheticCorpus, TRANSCRIPTS } from '../../engine/train/synthetic';

/** The training run both sides of chromium.test.ts make: the tiny preset, 4 steps, pruned loss, seed 5. */
export function trainingCase(): {
  config: RnntConfig;
  seed: number;
  steps: number;
  options: Omit<TrainingLoopOptions, 'config' | 'params' | 'seed'>;
} {
  return {
    config: tinyConfig({ vocabSize: 6 }),
    seed: 5,
    steps: 4,
    options: {
      data: { examples: syntheticCorpus(TRANSCRIPTS.slice(0, 3)) },
      batchFrames: 120,
      schedule: { kind: 'constant', lr: 3e-3 },
      loss: {
        kind: 'pruned',
        pruneRange: 3,
        lmScale: 0.25,
        amScale: 0,
        simpleLossScale: 0.5,
        warmupSteps: 0,
      },
    },
  };
}

/** That run on the active backend: each step's loss and gradient norm. */
export async function trainCase(): Promise<number[][]> {
  const { config, seed, steps, options } = trainingCase();
  const reports: StepReport[] = [];
  const params = initParams(config, seed);
  const loop = new TrainingLoop({
    ...options,
    config,
    params,
    seed,
    hooks: { onStep: (r) => reports.push(r) },
  });
  await loop.run(steps);
  loop.dispose();
  disposeParams(params);
  return reports.map((r) => [r.loss, r.gradNorm]);
}
