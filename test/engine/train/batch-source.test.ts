import { presetConfig } from '../../../src/engine/model';
import { BatchSource } from '../../../src/engine/train/batch-source';
import type { TrainingExample } from '../../../src/engine/train/corpus';

/**
 * Every masked step sees at most `batchFrames` frames: a multilingual step splits them among its per-language
 * batches, a one-language (LSP) step gives them all to its language — so steps of all systems see the same audio.
 */
const config = presetConfig('tiny');

/** `n` utterances of `frames` frames each (features are zeros: only the batching is observed). */
const examples = (language: string, n: number, frames: number): TrainingExample[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `${language}-${i}`,
    features: new Float32Array(frames * config.inputDim),
    frames,
    tokens: [1, 2],
  }));

const byLanguage = new Map([
  ['en', examples('en', 40, 50)],
  ['fr', examples('fr', 40, 50)],
  ['it', examples('it', 8, 50)],
  ['nl', examples('nl', 40, 50)],
]);

/** The padded frames (batch size × longest utterance) of each language's batch in `steps` steps. */
function paddedFrames(languages: string[], batchFrames: number, steps: number): Map<string, number>[] {
  const source = new BatchSource(
    { byLanguage, languages, sampling: { scheme: 'proportional', temperature: 2, mode: 'all', seed: 0 } },
    batchFrames,
    3,
  );
  return Array.from(
    { length: steps },
    () =>
      new Map(
        source
          .next()
          .map((b) => [b.language!, b.examples.length * Math.max(...b.examples.map((e) => e.frames))]),
      ),
  );
}

describe('masked training batches', () => {
  it('a step of four languages gives each a quarter of batchFrames (4 × 2 utterances of 50 frames in 400)', () => {
    for (const step of paddedFrames(['en', 'fr', 'it', 'nl'], 400, 2)) {
      expect([...step.keys()].sort()).toEqual(['en', 'fr', 'it', 'nl']);
      expect([...step.values()]).toEqual([100, 100, 100, 100]);
    }
  });

  it('a one-language step gets all of batchFrames (8 utterances of 50 frames in 400)', () => {
    expect(paddedFrames(['fr'], 400, 2).map((s) => [...s])).toEqual([[['fr', 400]], [['fr', 400]]]);
  });
});
