/** Messages between the data-parallel experiment (bench/cases/data-parallel.ts) and its workers. */
import type { BenchBackend } from '../backends';

export interface WorkerSetup {
  backend: BenchBackend;
  /** Batch rows [from, to) of the reference batch that this worker trains on. */
  from: number;
  to: number;
}

export type ToWorker = { type: 'gradients' } | { type: 'apply'; gradients: Float32Array[] };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'gradients'; gradients: Float32Array[]; ms: number }
  | { type: 'applied' }
  | { type: 'error'; message: string };
