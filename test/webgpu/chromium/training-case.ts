import type { RnntConfig } from '../../../src/engine/model/config';
import type { TrainingLoopOptions } from '../../../src/engine/train/loop';
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
