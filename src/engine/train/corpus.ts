import type { RnntBatch } from '../model/rnnt-model';
import { tf } from '../tf';

/** One training utterance: features row-major [frames · inputDim] and label ids (≥ 1; 0 is blank). */
export interface TrainingExample {
  id: string;
  features: Float32Array;
  frames: number;
  tokens: number[];
}

/**
 * Pad examples into batch tensors (the caller disposes `features` and `targets`). Labels must lie
 * in [1, vocabSize); an offending example is named.
 */
export function collate(
  examples: readonly TrainingExample[],
  inputDim: number,
  vocabSize: number,
): RnntBatch {
  const frames = Math.max(...examples.map((e) => e.frames));
  const labels = Math.max(0, ...examples.map((e) => e.tokens.length));
  const features = new Float32Array(examples.length * frames * inputDim);
  const targets = new Int32Array(examples.length * labels);
  examples.forEach((e, b) => {
    if (e.features.length !== e.frames * inputDim) {
      throw new Error(
        `example '${e.id}': ${e.features.length} feature values for ${e.frames} frames of ${inputDim}`,
      );
    }
    const bad = e.tokens.find((t) => !Number.isInteger(t) || t < 1 || t >= vocabSize);
    if (bad !== undefined)
      throw new Error(`example '${e.id}': label ${bad} is outside [1, ${vocabSize}) (0 is blank)`);
    features.set(e.features, b * frames * inputDim);
    targets.set(e.tokens, b * labels);
  });
  return {
    features: tf.tensor3d(features, [examples.length, frames, inputDim]),
    featureLengths: examples.map((e) => e.frames),
    targets: tf.tensor2d(targets, [examples.length, labels], 'int32'),
    targetLengths: examples.map((e) => e.tokens.length),
  };
}
