import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const STEP_FILE = /^step-(\d+)\.(json|safetensors|mask-.+\.safetensors|state\.safetensors)$/;

/**
 * Remove all but the newest `keep` engine checkpoints in `dir`: `step-N.safetensors` + `.json`, and the masks
 * (`step-N.mask-<key>.safetensors`) and extra state (`step-N.state.safetensors`) of masked trainings.
 */
export function pruneOldCheckpoints(dir: string, keep = 2): void {
  const files = readdirSync(dir)
    .map((name) => ({ name, match: STEP_FILE.exec(name) }))
    .filter((f): f is { name: string; match: RegExpExecArray } => f.match !== null);
  const steps = [...new Set(files.map((f) => Number(f.match[1])))].sort((a, b) => a - b);
  const old = new Set(steps.slice(0, Math.max(0, steps.length - keep)));
  for (const f of files) if (old.has(Number(f.match[1]))) rmSync(join(dir, f.name), { force: true });
}
