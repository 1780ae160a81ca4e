/** Finds Debian's python3 with PyTorch (a pyenv python3 on PATH may shadow it). */
import { spawnSync } from 'node:child_process';

const CANDIDATES = ['/usr/bin/python3', 'python3'];

/** The first python interpreter that imports torch and torchaudio, or null. */
export function pythonWithTorch(): string | null {
  for (const python of CANDIDATES) {
    const probe = spawnSync(python, ['-c', 'import torch, torchaudio'], { encoding: 'utf8' });
    if (probe.status === 0) return python;
  }
  return null;
}
