import { presetConfig, type RnntConfigInput } from '../../../src/engine/model/config';
import { SeededRandom } from '../../../src/engine/model/random';
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

/** Select a backend; on wasm, with the engine's kernel registrations (gradients it lacks). */
export async function useBackend(name: string): Promise<void> {
  if (name === 'wasm') registerEngineKernels();
  await tf.setBackend(name);
  await tf.ready();
}
