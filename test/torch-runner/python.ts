import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** The Python the PyTorch runner's tests use (Debian's, which has torch); the first python3 on PATH may not. */
export const PYTHON = '/usr/bin/python3';
const PACKAGE = join(import.meta.dirname, '..', '..', 'python');

/** Why the PyTorch side cannot run here, or undefined when `import torch, torchaudio` works. */
export function torchMissing(): string | undefined {
  const run = spawnSync(PYTHON, ['-c', 'import torch, torchaudio'], { encoding: 'utf8' });
  if (run.error) return `${PYTHON} cannot be run (${run.error.message})`;
  return run.status === 0
    ? undefined
    : `${PYTHON} has no torch/torchaudio: ${run.stderr.trim().split('\n').pop()}`;
}

/** Run `args` with the runner's package on PYTHONPATH; throws with stderr when it fails. */
export function runPython(args: string[], timeoutMs = 300_000, env: Record<string, string> = {}): string {
  const run = spawnSync(PYTHON, args, {
    encoding: 'utf8',
    timeout: timeoutMs,
    env: { ...process.env, PYTHONPATH: PACKAGE, OMP_NUM_THREADS: '1', ...env },
  });
  if (run.error) throw run.error;
  if (run.status !== 0) throw new Error(`${PYTHON} ${args.join(' ')} failed (${run.status}):\n${run.stderr}`);
  return run.stdout;
}
