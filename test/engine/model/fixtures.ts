import { presetConfig, type RnntConfigInput } from '../../../src/engine/model/config';
import { SeededRandom } from '../../../src/engine/model/random';
import type { RnntBatch } from '../../../src/engine/model/rnnt-model';
import { registerEngineKernels } from '../../../src/engine/kernels';
import { tf } from '../../../src/engine/tf';

export function tinyConfig(overrides: Partial<RnntConfigInput> = {}) {
  return presetConfig('tiny', overrides);
}

/** Seeded Gaussian features [frames · dim]. */
export function randomFeatures(frames: number, dim: number, seed: number): Float32Array {
  const rng = new SeededRandom(seed);
  return Float32Array.from({ length: frames * dim }, () => rng.normal());
}

/** Pad utterances into [B, T, dim]. */
export function padBatch(utterances: Float32Array[], dim: number): tf.Tensor3D {
  const frames = Math.max(...utterances.map((u) => u.length / dim));
  const data = new Float32Array(utterances.length * frames * dim);
  utterances.forEach((u, b) => data.set(u, b * frames * dim));
  return tf.tensor3d(data, [utterances.length, frames, dim]);
}

/** Two utterances of 60 and 45 frames (80-dim random features) with 4 and 2 labels of a vocabulary of ≥ 6. */
export function twoUtteranceBatch(): RnntBatch {
  return {
    features: padBatch([randomFeatures(60, 80, 3), randomFeatures(45, 80, 4)], 80),
    featureLengths: [60, 45],
    targets: tf.tensor2d(
      [
        [1, 2, 3, 4],
        [5, 1, 0, 0],
      ],
      [2, 4],
      'int32',
    ),
    targetLengths: [4, 2],
  };
}

/** Select a backend; on wasm, with the engine's kernel registrations (gradients it lacks). */
export async function useBackend(name: string): Promise<void> {
  if (name === 'wasm') registerEngineKernels();
  await tf.setBackend(name);
  await tf.ready();
}
