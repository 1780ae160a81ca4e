import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { MaskSet } from '../../engine';
import type { Store } from '../../store';
import type { JobIo } from '../kinds/kind';
import { runFolder } from './run-model';

const MASK_FILE = /^mask-(.+)\.safetensors$/;
const ROUND_MASK_FILE = /^round-(\d+)-mask-(.+)\.safetensors$/;

/**
 * Save a run's masks as bit-packed safetensors `<run>/masks/mask-<key>.safetensors` (`key`: a language, or `all`
 * for a LAP mask) and record each as a `mask` artifact. With `round`, the masks after that IMP round instead
 * (`round-<R>-mask-<key>.safetensors`, `round-mask` artifacts: dynamic pathways start from an early round's), each
 * recorded once however often a retried job saves it.
 */
export function saveMasks(
  io: JobIo,
  runId: string,
  masks: ReadonlyMap<string, MaskSet>,
  options: { round?: number } = {},
): void {
  const dir = join(runFolder(io.job.home, runId), 'masks');
  mkdirSync(dir, { recursive: true });
  const recorded = new Set(io.store.runs.artifacts(runId).map((a) => a.path));
  for (const [key, mask] of masks) {
    const round = options.round;
    const path = join(
      dir,
      round === undefined ? `mask-${key}.safetensors` : `round-${round}-mask-${key}.safetensors`,
    );
    mask.save(path, 'bitpacked', { key });
    if (round === undefined || !recorded.has(path))
      io.artifact(round === undefined ? 'mask' : 'round-mask', path);
  }
}

/** A run's masks by key (language or `all`), the newest file of each key; with `round`, those after that IMP round. */
export function loadMasks(store: Store, runId: string, round?: number): Map<string, MaskSet> {
  const out = new Map<string, MaskSet>();
  for (const a of store.runs.artifacts(runId)) {
    const name = basename(a.path);
    if (round === undefined) {
      const key = a.kind === 'mask' ? MASK_FILE.exec(name)?.[1] : undefined;
      if (key) out.set(key, MaskSet.load(a.path).masks);
      continue;
    }
    const m = a.kind === 'round-mask' ? ROUND_MASK_FILE.exec(name) : null;
    if (m && Number(m[1]) === round) out.set(m[2], MaskSet.load(a.path).masks);
  }
  return out;
}

/**
 * Record a pruned model's size at `step` as the `non_zeros` (every weight outside the prunable tensors plus the
 * prunable ones `mask` keeps) and `sparsity` metrics; returns the mask's counts for the job's log line.
 */
export function recordPrunedSize(
  io: JobIo,
  step: number,
  shapes: ReadonlyMap<string, readonly number[]>,
  mask: MaskSet,
): ReturnType<MaskSet['count']> {
  const counts = mask.count();
  const total = [...shapes.values()].reduce((n, s) => n + s.reduce((a, b) => a * b, 1), 0);
  io.metrics(step, { non_zeros: total - counts.total + counts.kept, sparsity: counts.sparsity });
  return counts;
}
