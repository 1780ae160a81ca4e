/** Backend variants the benchmarks run on: stock cpu, stock wasm, and wasm with the engine kernels. */
import { tf } from '../src/engine/tf';
import { registerEngineKernels } from '../src/engine/kernels';

export const BENCH_BACKENDS = ['cpu', 'wasm', 'wasm-kernels'] as const;
export type BenchBackend = (typeof BENCH_BACKENDS)[number];

export function parseBenchBackend(value: string | undefined): BenchBackend {
  const found = BENCH_BACKENDS.find((b) => b === value);
  if (!found) throw new Error(`backend must be one of ${BENCH_BACKENDS.join(', ')}, got '${value}'`);
  return found;
}

export async function useBackend(backend: BenchBackend): Promise<void> {
  if (backend === 'wasm-kernels') registerEngineKernels();
  const name = backend === 'cpu' ? 'cpu' : 'wasm';
  if (!(await tf.setBackend(name))) throw new Error(`tfjs backend '${name}' failed to initialise`);
  await tf.ready();
}
