import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { dirname, join } from 'node:path';

/** fsync a folder, making the entries created or renamed in it durable. */
function syncFolder(folder: string): void {
  const fd = openSync(folder, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Write a file so that readers see either the previous content or the new one, never a partial file: write a
 * temporary sibling, fsync it and its folder, rename it over the target, fsync the folder again (so the rename
 * itself survives a power loss). A failure (full disk, unwritable folder) throws and leaves the previous file
 * untouched.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    syncFolder(dirname(path));
    renameSync(tmp, path);
    syncFolder(dirname(path));
  } catch (error) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // the folder refuses changes altogether; there is no temporary file to remove
    }
    throw new Error(`cannot write checkpoint ${path}: ${(error as Error).message}`);
  }
}

const STEP_FILE = /^step-(\d{9})\.json$/;

/** Save a JSON checkpoint for `step` in `dir` atomically, keeping the newest `keep` of them. */
export function saveJsonCheckpoint(dir: string, step: number, state: unknown, keep = 2): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `step-${String(step).padStart(9, '0')}.json`);
  writeFileAtomic(path, JSON.stringify({ step, state }));
  const steps = checkpointSteps(dir);
  for (const old of steps.slice(0, Math.max(0, steps.length - keep)))
    rmSync(join(dir, stepName(old)), { force: true });
  return path;
}

/** The newest JSON checkpoint in `dir`, or undefined when there is none (a fresh start). */
export function loadJsonCheckpoint<T>(dir: string): { step: number; state: T } | undefined {
  const steps = checkpointSteps(dir);
  const last = steps[steps.length - 1];
  if (last === undefined) return undefined;
  return JSON.parse(readFileSync(join(dir, stepName(last)), 'utf8')) as { step: number; state: T };
}

function stepName(step: number): string {
  return `step-${String(step).padStart(9, '0')}.json`;
}

function checkpointSteps(dir: string): number[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .map((n) => STEP_FILE.exec(n))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]))
    .sort((a, b) => a - b);
}
