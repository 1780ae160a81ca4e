import { deriveSeed } from '../model/random';
import type { RnntBatch } from '../model/rnnt-model';
import { planBatches } from './batching';
import { collate, type TrainingExample } from './corpus';

/** Where the adjust phase's batches come from, and how one is freed after use. */
export interface AdjustBatches {
  nextBatch(language: string): RnntBatch;
  release(batch: RnntBatch): void;
}

/**
 * Batches for the PARP-style adjust phase of dynamic pathways (score 'adjust'): each one a seeded batch of at most
 * `batchFrames` frames of the language's examples, its seed derived from the run seed, the training step (`stepOf`),
 * the language and the call within that step. They do not come from the training streams, whose positions they
 * would move, and a resumed run draws the same ones.
 */
export function adjustBatches(
  byLanguage: ReadonlyMap<string, readonly TrainingExample[]>,
  batchFrames: number,
  seed: number,
  dims: { inputDim: number; vocabSize: number },
  stepOf: () => number,
): AdjustBatches {
  let step = -1;
  let call = 0;
  return {
    nextBatch(language) {
      const examples = byLanguage.get(language);
      if (!examples?.length) throw new Error(`adjust phase: no training data for language '${language}'`);
      if (stepOf() !== step) [step, call] = [stepOf(), 0];
      const plan = planBatches(
        examples.map((e) => e.frames),
        { maxFrames: batchFrames, seed: deriveSeed(seed, `adjust:${step}:${language}:${call++}`), epoch: 0 },
      );
      return collate(
        plan[0].map((i) => examples[i]),
        dims.inputDim,
        dims.vocabSize,
      );
    },
    release(batch) {
      batch.features.dispose();
      batch.targets.dispose();
    },
  };
}
