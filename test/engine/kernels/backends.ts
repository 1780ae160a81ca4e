/** Shared helpers for kernel tests: seeded data and running one computation on a named backend. */
import { tf } from '../../../src/engine/tf';
import { registerEngineKernels } from '../../../src/engine/kernels';

/** Deterministic pseudo-random floats in [-1, 1) (mulberry32). */
export function randomValues(count: number, seed: number): Float32Array {
  let state = seed >>> 0;
  const values = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    values[i] = ((t ^ (t >>> 14)) >>> 0) / 2 ** 31 - 1;
  }
  return values;
}

export const sizeOf = (shape: number[]): number => shape.reduce((size, dim) => size * dim, 1);

/** Run `compute` on `backend` ('wasm' gets the engine kernels) and read its outputs back. */
export async function runOn(backend: 'cpu' | 'wasm', compute: () => tf.Tensor[]): Promise<Float32Array[]> {
  if (backend === 'wasm') registerEngineKernels();
  await tf.setBackend(backend);
  await tf.ready();
  const outputs = tf.tidy(compute);
  const values = await Promise.all(outputs.map((output) => output.data() as Promise<Float32Array>));
  tf.dispose(outputs);
  return values;
}

/** Largest absolute difference between two equally long arrays. */
export function maxAbsDiff(x: Float32Array, y: Float32Array): number {
  if (x.length !== y.length) throw new Error(`length mismatch: ${x.length} vs ${y.length}`);
  let worst = 0;
  for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i] - y[i]));
  return worst;
}
