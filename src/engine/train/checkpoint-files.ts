import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { decodeSafetensors, type SafeTensorMap } from '../io/safetensors';
import type { RnntConfig } from '../model/config';
import type { MaskSet } from '../prune/mask-set';

/** The stream key of training that draws every batch from one mixed stream (dense training from scratch). */
export const MIXED_STREAM = '*';

/** Where the batch stream of every language stands, and the language sampler's generator state. */
export interface SamplerState {
  /** Per stream (a language, or {@link MIXED_STREAM}): the epoch and the next batch of its plan. */
  streams: Record<string, { epoch: number; index: number }>;
  /** The language sampler's generator state. */
  random?: number;
}

/** A checkpoint read back, whatever its format version. */
export interface CheckpointContent {
  base: string;
  version: number;
  step: number;
  seed: number;
  config: RnntConfig;
  /** `model.*`, and in a training checkpoint `optimizer.*` and any extra state tensors. */
  tensors: SafeTensorMap;
  /** Absent in a weights-only file (a run's model, a rewind point). */
  training?: {
    /** Absent only in a version 1 masked checkpoint: the sampler is replayed for `step` steps instead. */
    sampler?: SamplerState;
    masks: Map<string, MaskSet>;
    /** Extra state metadata (dynamic pathways' re-evaluation history and counters). */
    state?: Record<string, string>;
    /** The job's own bookkeeping (e.g. the IMP round a prune checkpoint belongs to). */
    job?: unknown;
  };
}

/** Writes a file so that readers see the old content or the new one, never a part. */
export type FileWriter = (path: string, data: Uint8Array | string) => void;

/** A checkpoint whose files are missing, cut short or altered: a resume falls back to an older one. */
export class CheckpointDamaged extends Error {
  constructor(
    readonly base: string,
    readonly problem: string,
  ) {
    super(`checkpoint ${base} is damaged: ${problem}`);
    this.name = 'CheckpointDamaged';
  }
}

/** Temporary sibling, then rename over the target (the jobs layer passes a writer that also fsyncs). */
export const replaceFile: FileWriter = (path, data) => {
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.tmp-${process.pid}`;
  writeFileSync(temp, data);
  renameSync(temp, path);
};

export const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** A checkpoint's JSON sidecar as an object; unreadable or not JSON is damage. */
export function readSidecar(base: string): Record<string, unknown> {
  const path = `${base}.json`;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CheckpointDamaged(base, `cannot read ${path} (${(error as Error).message})`);
  }
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
    return value as Record<string, unknown>;
  } catch (error) {
    throw new CheckpointDamaged(base, `${path} is not a JSON object (${(error as Error).message})`);
  }
}

/**
 * Read a safetensors file of a checkpoint. An unreadable file or header throws {@link CheckpointDamaged}; a size
 * or SHA-256 that differs from `expected` is returned as `damage` (a resume refuses it, a weights read does not).
 */
export function readTensorFile(
  base: string,
  path: string,
  expected?: { bytes: number; sha256: string },
): { tensors: SafeTensorMap; metadata: Record<string, string>; damage?: string } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new CheckpointDamaged(base, `cannot read ${path} (${(error as Error).message})`);
  }
  let decoded: { tensors: SafeTensorMap; metadata: Record<string, string> };
  try {
    decoded = decodeSafetensors(bytes, path);
  } catch (error) {
    throw new CheckpointDamaged(base, (error as Error).message);
  }
  if (expected && bytes.length !== expected.bytes)
    return { ...decoded, damage: `${path} has ${bytes.length} bytes, its sidecar says ${expected.bytes}` };
  if (expected && sha256(bytes) !== expected.sha256)
    return { ...decoded, damage: `${path} does not match the SHA-256 its sidecar records` };
  return decoded;
}
