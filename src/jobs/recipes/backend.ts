import { cpus } from 'node:os';
import { backendFromEnv, MAX_WASM_THREADS, selectBackend, wasmThreadsFromEnv } from '../../engine';
import { backendLabel } from '../../shared/backend-label';
import type { JobIo } from '../kinds/kind';

/**
 * wasm threads of a worker: PATHWAYS_WASM_THREADS when set, else the cores divided among the jobs the supervisor
 * may run at once (PATHWAYS_JOB_CONCURRENCY), so a machine set to one job at a time gives it every core and two jobs
 * on two cores never spin against each other (bench/README.md, "wasm threads").
 */
export function workerWasmThreads(env: NodeJS.ProcessEnv = process.env, cores = cpus().length): number {
  if (env.PATHWAYS_WASM_THREADS) return wasmThreadsFromEnv(env);
  const jobs = Math.max(1, Number(env.PATHWAYS_JOB_CONCURRENCY) || 1);
  return Math.max(1, Math.min(MAX_WASM_THREADS, Math.floor(cores / jobs)));
}

/**
 * Select the tfjs backend the supervisor asked for (PATHWAYS_BACKEND) before any tensor is made. Under 'auto' a job
 * takes a hardware webgpu adapter like every other process (every device read in jobs is awaited: training,
 * checkpoints, pruning and decoding); a software adapter is still refused by 'auto'.
 */
export async function useBackend(io: JobIo): Promise<void> {
  const choice = await selectBackend(backendFromEnv(), {
    wasmThreads: workerWasmThreads(),
  });
  const skipped = choice.skipped.length ? ` (skipped: ${choice.skipped.join('; ')})` : '';
  io.log(`backend ${backendLabel(choice)}${skipped}`);
  if (choice.adapter) io.log(`adapter limits ${JSON.stringify(choice.adapter.limits)}`);
}
