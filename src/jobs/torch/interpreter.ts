import { execFile } from 'node:child_process';

/** The Python tried when neither the `pythonPath` setting nor PATHWAYS_PYTHON names one. */
export const DEFAULT_PYTHON = '/usr/bin/python3';
/** The oldest torch the PyTorch runner is written against (python/README.md). */
export const MIN_TORCH: readonly [number, number] = [1, 13];

/** The PyTorch runner on this machine: the interpreter it would use, and its torch, or why it cannot run. */
export type TorchRunnerInfo =
  | { available: true; python: string; torch: string; torchaudio: string; cuda: boolean; gpus: number }
  | { available: false; python: string; reason: string };

const PROBE = [
  'import json, sys',
  'try:',
  '    import torch, torchaudio',
  'except Exception as e:',
  '    print(json.dumps({"error": f"{type(e).__name__}: {e}"})); sys.exit(0)',
  'cuda = hasattr(torch, "cuda") and torch.cuda.is_available()',
  'gpus = torch.cuda.device_count() if cuda else 0',
  'print(json.dumps({"torch": torch.__version__, "torchaudio": torchaudio.__version__, "cuda": cuda, "gpus": gpus}))',
].join('\n');

/** The interpreter of the PyTorch runner: the `pythonPath` setting, else PATHWAYS_PYTHON, else DEFAULT_PYTHON. */
export function torchPython(setting: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return setting || env.PATHWAYS_PYTHON || DEFAULT_PYTHON;
}

/** Whether a torch version string (`1.13.0a0`, `2.4.1+cu121`) is at least MIN_TORCH. */
export function torchRecentEnough(version: string): boolean {
  const [major, minor] = version.split('.').map((part) => parseInt(part, 10));
  if (!Number.isFinite(major) || !Number.isFinite(minor)) return false;
  return major > MIN_TORCH[0] || (major === MIN_TORCH[0] && minor >= MIN_TORCH[1]);
}

const known = new Map<string, Promise<TorchRunnerInfo>>();

/**
 * Ask `python` whether it has torch and torchaudio (a few seconds: it imports torch, without blocking this
 * process), once per interpreter and process unless `fresh`. Never rejects: an interpreter that cannot run, lacks
 * torch or has one older than MIN_TORCH comes back unavailable with the reason.
 */
export function probeTorchRunner(python: string, fresh = false): Promise<TorchRunnerInfo> {
  const cached = known.get(python);
  if (cached && !fresh) return cached;
  const info = probe(python);
  known.set(python, info);
  return info;
}

function run(
  python: string,
): Promise<{ error?: Error & { code?: unknown }; stdout: string; stderr: string }> {
  return new Promise((resolve) =>
    execFile(python, ['-c', PROBE], { encoding: 'utf8', timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ error: error ?? undefined, stdout, stderr }),
    ),
  );
}

async function probe(python: string): Promise<TorchRunnerInfo> {
  const unavailable = (reason: string): TorchRunnerInfo => ({ available: false, python, reason });
  const { error, stdout, stderr } = await run(python);
  if (error && typeof error.code === 'string')
    return unavailable(
      `${python} cannot be run (${error.code === 'ENOENT' ? 'no such file' : error.message})`,
    );
  if (error) return unavailable(`${python} failed (${error.message.split('\n')[0]}): ${lastLine(stderr)}`);
  let found: { error?: string; torch?: string; torchaudio?: string; cuda?: boolean; gpus?: number };
  try {
    found = JSON.parse(lastLine(stdout)) as typeof found;
  } catch {
    return unavailable(`${python} is not a Python that can run the probe (it printed '${lastLine(stdout)}')`);
  }
  if (found.error) return unavailable(`${python} has no torch/torchaudio (${found.error})`);
  const torch = found.torch ?? '?';
  if (!torchRecentEnough(torch))
    return unavailable(`${python} has torch ${torch}; the runner needs ${MIN_TORCH.join('.')} or newer`);
  const cuda = found.cuda === true;
  return {
    available: true,
    python,
    torch,
    torchaudio: found.torchaudio ?? '?',
    cuda,
    gpus: cuda ? (found.gpus ?? 0) : 0,
  };
}

function lastLine(text: string): string {
  return text.trim().split('\n').pop() ?? '';
}
