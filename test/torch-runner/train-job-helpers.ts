import { execFileSync } from 'node:child_process';
import type { Store } from '../../src/store';
import type { Harness } from '../jobs/harness';

/** The tiny dense run of the PyTorch runner's job tests: 6 steps unless `overrides` says otherwise. */
export const TINY_TORCH_PAYLOAD = {
  preset: 'tiny',
  steps: 6,
  checkpointEvery: 2,
  batchFrames: 4000,
  devUtterances: 1,
};

export function tinyDenseRun(
  h: Harness,
  datasetId: string,
  overrides: Record<string, unknown>,
  seed = 3,
): { runId: string; jobId: string } {
  const payload = { ...TINY_TORCH_PAYLOAD, ...overrides };
  const run = h.store.runs.create({
    name: 'dense',
    kind: 'dense',
    seed,
    config: payload,
    datasetIds: [datasetId],
    appVersion: 'test',
  });
  return { runId: run.id, jobId: h.supervisor.enqueue({ kind: 'train', runId: run.id, payload }).id };
}

export function metricSeries(store: Store, runId: string, name: string): { step: number; value: number }[] {
  return store.db
    .prepare('SELECT step, value FROM metrics WHERE run_id = ? AND name = ? ORDER BY step')
    .all(runId, name) as { step: number; value: number }[];
}

/** Processes (pid and command line) whose command line contains `needle`: the job's torchrun and its ranks. */
export function processesWith(needle: string): { pid: number; args: string }[] {
  const out = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return out
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null && m[2].includes(needle) && !m[2].startsWith('ps '))
    .map((m) => ({ pid: Number(m[1]), args: m[2] }));
}
