import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { MaskSet } from '../../engine';
import type { Store } from '../../store';
import type { JobIo } from '../kinds/kind';
import { runFolder } from './run-model';

const MASK_FILE = /^mask-(.+)\.safetensors$/;

/**
 * Save a run's masks as bit-packed safetensors `<run>/masks/mask-<key>.safetensors` (`key`: a language, or `all`
 * for a LAP mask) and record each as a `mask` artifact.
 */
export function saveMasks(io: JobIo, runId: string, masks: ReadonlyMap<string, MaskSet>): void {
  const dir = join(runFolder(io.job.home, runId), 'masks');
  mkdirSync(dir, { recursive: true });
  for (const [key, mask] of masks) {
    const path = join(dir, `mask-${key}.safetensors`);
    mask.save(path, 'bitpacked', { key });
    io.artifact('mask', path);
  }
}

/** A run's masks by key (language or `all`), the newest file of each key. */
export function loadMasks(store: Store, runId: string): Map<string, MaskSet> {
  const out = new Map<string, MaskSet>();
  for (const a of store.runs.artifacts(runId).filter((x) => x.kind === 'mask')) {
    const key = MASK_FILE.exec(basename(a.path))?.[1];
    if (key) out.set(key, MaskSet.load(a.path).masks);
  }
  return out;
}
