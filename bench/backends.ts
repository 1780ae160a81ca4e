/** Backend variants the benchmarks run on: stock cpu, stock wasm, and wasm with the engine kernels. */
import { wasmThreadsFromEnv } from '../src/engine/backend';
import { tf } from '../src/engine/tf';
import { initWasmBackend, registerEngineKernels, wasmThreadsCount } from '../src/engine/kernels';

export const BENCH_BACKENDS = ['cpu', 'wasm', 'wasm-kernels'] as const;
export type BenchBackend = (typeof BENCH_BACKENDS)[number];

export function parseBenchBackend(value: string | undefined): BenchBackend {
  const found = BENCH_BACKENDS.find((b) => b === value);
  if (!found) throw new Error(`backend must be one of ${BENCH_BACKENDS.join(', ')}, got '${value}'`);
  return found;
}

/**
 * Activate `backend`. The wasm ones run with `threads` threads (default PATHWAYS_WASM_THREADS, else 1,
 * like the app); returns the thread count (1 for cpu).
 */
export async function useBackend(backend: BenchBackend, threads = wasmThreadsFromEnv()): Promise<number> {
  if (backend === 'wasm-kernels') registerEngineKernels();
  const ok = backend === 'cpu' ? await tf.setBackend('cpu') : await initWasmBackend(threads);
  if (!ok) throw new Error(`tfjs backend for '${backend}' failed to initialise`);
  await tf.ready();
  return backend === 'cpu' ? 1 : wasmThreadsCount();
}
