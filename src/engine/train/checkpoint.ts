import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { encodeSafetensors, safeTensor, type SafeTensorMap } from '../io/safetensors';
import type { RnntConfig } from '../model/config';
import type { ParamMap } from '../model/params';
import { isSimpleJoinerParam } from '../model/simple-joiner';
import { MaskSet } from '../prune/mask-set';
import { tf } from '../tf';
import {
  CheckpointDamaged,
  readSidecar,
  readTensorFile,
  replaceFile,
  sha256,
  type CheckpointContent,
  type FileWriter,
  type SamplerState,
} from './checkpoint-files';
import { readVersion1 } from './checkpoint-v1';

/**
 * The one checkpoint format of the engine, for training checkpoints (weights, optimizer moments, masks, sampler
 * and RNG state, step) and weights-only files (a run's model, an LTH rewind point):
 * - `<base>.safetensors`: `model.<param>`; in a training checkpoint also `optimizer.*` (AdamW moments and step
 *   count), `mask/<key>/<param>` (bit-packed masks by language or `all`) and extra state tensors (dynamic
 *   pathways: `dynamic/…`);
 * - `<base>.json`, written last, so its presence marks the checkpoint complete: format name and version, step,
 *   run seed, model config, byte size and SHA-256 of the safetensors file, and in a training checkpoint the
 *   `training` section (sampler state, mask metadata, extra state metadata, the job's own bookkeeping).
 * Version 1 files (written before the training loop was one) are read by checkpoint-v1.ts.
 */
const CHECKPOINT_FORMAT = 'pathways-checkpoint';
const CHECKPOINT_VERSION = 2;

interface Sidecar {
  format: typeof CHECKPOINT_FORMAT;
  version: typeof CHECKPOINT_VERSION;
  step: number;
  seed: number;
  config: RnntConfig;
  bytes: number;
  sha256: string;
  training?: {
    sampler: SamplerState;
    /** Mask keys, each with its mask set's safetensors metadata (encoding, shapes). */
    masks: Record<string, Record<string, string>>;
    state?: Record<string, string>;
    job?: unknown;
  };
}

/** What a training checkpoint holds besides the weights. */
export interface TrainingContent {
  /** `optimizer.*` and extra state tensors. */
  tensors: SafeTensorMap;
  sampler: SamplerState;
  masks?: ReadonlyMap<string, MaskSet>;
  state?: Record<string, string>;
  job?: unknown;
}

const MASK_PREFIX = 'mask/';

export function checkpointBase(dir: string, step: number): string {
  return join(dir, `step-${String(step).padStart(8, '0')}`);
}

/** The complete checkpoints (those with a sidecar) in `dir`, newest first. */
export function checkpointsNewestFirst(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /^step-\d+\.json$/.test(f))
    .sort()
    .reverse()
    .map((f) => join(dir, f.replace(/\.json$/, '')));
}

/**
 * Write a checkpoint, `<base>.safetensors` then `<base>.json`, each through `write`. Without `training` it is a
 * weights-only file. The weights are read with awaited `data()` (any backend; webgpu has no synchronous read), so
 * the file is the same whichever backend wrote it.
 */
export async function writeCheckpoint(
  base: string,
  weights: { params: ParamMap; step: number; seed: number; config: RnntConfig },
  training?: TrainingContent,
  write: FileWriter = replaceFile,
): Promise<void> {
  const tensors: SafeTensorMap = new Map();
  for (const [name, p] of weights.params)
    tensors.set(`model.${name}`, safeTensor((await p.data()) as Float32Array, [...p.shape]));
  let section: Sidecar['training'];
  if (training) {
    for (const [name, t] of training.tensors) tensors.set(name, t);
    const masks: Record<string, Record<string, string>> = {};
    for (const [key, mask] of training.masks ?? []) {
      const safe = mask.toSafetensors('bitpacked');
      for (const [name, t] of safe.tensors) tensors.set(`${MASK_PREFIX}${key}/${name}`, t);
      masks[key] = safe.metadata;
    }
    section = { sampler: training.sampler, masks, state: training.state, job: training.job };
  }
  const bytes = encodeSafetensors(tensors, { format: 'pathways-rnnt', step: String(weights.step) });
  write(`${base}.safetensors`, bytes);
  const sidecar: Sidecar = {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    step: weights.step,
    seed: weights.seed,
    config: weights.config,
    bytes: bytes.length,
    sha256: sha256(bytes),
    ...(section ? { training: section } : {}),
  };
  write(`${base}.json`, JSON.stringify(sidecar, null, 2));
}

/** The mask sets stored under `mask/<key>/` (taken out of `tensors`), by key. */
function takeMasks(
  base: string,
  tensors: SafeTensorMap,
  keys: Record<string, Record<string, string>>,
): Map<string, MaskSet> {
  const masks = new Map<string, MaskSet>();
  for (const [key, metadata] of Object.entries(keys)) {
    const prefix = `${MASK_PREFIX}${key}/`;
    const own: SafeTensorMap = new Map();
    for (const [name, t] of tensors) {
      if (name.startsWith(prefix)) own.set(name.slice(prefix.length), t);
    }
    try {
      masks.set(key, MaskSet.fromSafetensors(own, metadata, `mask '${key}'`).masks);
    } catch (error) {
      throw new CheckpointDamaged(base, (error as Error).message);
    }
  }
  for (const name of [...tensors.keys()]) if (name.startsWith(MASK_PREFIX)) tensors.delete(name);
  return masks;
}

/** A checkpoint as read, with the damage its size or checksum shows, if any. */
function read(base: string): { content: CheckpointContent; damage?: string } {
  const sidecar = readSidecar(base);
  if (sidecar.format === undefined && sidecar.version === undefined)
    return { content: readVersion1(base, sidecar) };
  if (sidecar.format !== CHECKPOINT_FORMAT || sidecar.version !== CHECKPOINT_VERSION) {
    throw new Error(
      `checkpoint ${base}.json has format '${String(sidecar.format)}' version ${String(sidecar.version)}; ` +
        `this version of the app reads '${CHECKPOINT_FORMAT}' versions 1 and ${CHECKPOINT_VERSION}`,
    );
  }
  const s = sidecar as unknown as Sidecar;
  const numbers = [s.step, s.seed, s.bytes].every((n) => typeof n === 'number' && Number.isFinite(n));
  if (!numbers || typeof s.sha256 !== 'string')
    throw new CheckpointDamaged(base, `${base}.json lacks its step, seed, bytes or sha256`);
  const { tensors, damage } = readTensorFile(base, `${base}.safetensors`, s);
  const content: CheckpointContent = {
    base,
    version: s.version,
    step: s.step,
    seed: s.seed,
    config: s.config,
    tensors,
  };
  if (!s.training) return { content, damage };
  const masks = takeMasks(base, tensors, s.training.masks ?? {});
  return { content: { ...content, training: { ...s.training, masks } }, damage };
}

/**
 * Read and check a checkpoint: its sidecar, its format version, the size, SHA-256 and header of its safetensors
 * file. Damage throws {@link CheckpointDamaged}; a format version this build cannot read throws an error naming
 * the file and the version. Tensor shapes are checked when the content is applied to a model.
 */
export function readCheckpoint(base: string): CheckpointContent {
  const { content, damage } = read(base);
  if (damage) throw new CheckpointDamaged(base, damage);
  return content;
}

/** First config field whose value differs, as a dotted path. */
function firstConfigDifference(a: unknown, b: unknown, path: string): string | undefined {
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    for (const key of keys) {
      const diff = firstConfigDifference(
        (a as Record<string, unknown>)[key],
        (b as Record<string, unknown>)[key],
        `${path}.${key}`,
      );
      if (diff) return diff;
    }
    return undefined;
  }
  return a === b ? undefined : path;
}

/** The value at a dotted config path such as `config.predictor.kind`. */
function pick(root: unknown, path: string): unknown {
  return path
    .split('.')
    .slice(1)
    .reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], root);
}

/**
 * Check a checkpoint's `model.*` tensors against `params` and `config` without changing anything: throws naming
 * the first tensor missing, extra or of another shape, together with the first config field that differs (e.g.
 * `config.vocabSize is 43 in the checkpoint, 45 in the model`).
 */
export function checkWeights(content: CheckpointContent, params: ParamMap, config: RnntConfig): void {
  const { base, tensors } = content;
  const configDiff = firstConfigDifference(content.config, config, 'config');
  const fail = (problem: string): never => {
    const detail = configDiff
      ? ` (${configDiff} is ${JSON.stringify(pick(content.config, configDiff))} in the checkpoint, ${JSON.stringify(pick(config, configDiff))} in the model)`
      : '';
    throw new Error(`checkpoint ${base}: ${problem}${detail}`);
  };
  for (const [name, p] of params) {
    const saved = tensors.get(`model.${name}`);
    if (!saved) fail(`tensor 'model.${name}' is missing (model expects [${p.shape}])`);
    else if (!tf.util.arraysEqual(saved.shape, p.shape)) {
      fail(`tensor 'model.${name}' has shape [${saved.shape}], model expects [${p.shape}]`);
    }
  }
  for (const key of tensors.keys()) {
    // The simple joiner's weights are training-only (model/simple-joiner.ts): a model trained with the pruned loss
    // loads into one without them.
    const name = key.slice(6);
    if (key.startsWith('model.') && !params.has(name) && !isSimpleJoinerParam(name))
      fail(`tensor '${key}' is not in the model`);
  }
  if (configDiff) fail('architecture mismatch');
}

/** Assign the `model.*` tensors of a checkpoint checked with {@link checkWeights} to `params`. */
export function assignWeights(content: CheckpointContent, params: ParamMap): void {
  for (const [name, p] of params) {
    const saved = content.tensors.get(`model.${name}`)!;
    tf.tidy(() => p.assign(tf.tensor(saved.data as Float32Array, saved.shape)));
  }
}

/** Write `params` as a weights-only checkpoint (a run's model, an LTH rewind point). */
export async function saveWeights(
  base: string,
  weights: { params: ParamMap; step: number; seed: number; config: RnntConfig },
  write: FileWriter = replaceFile,
): Promise<void> {
  await writeCheckpoint(base, weights, undefined, write);
}

/**
 * Load the weights of a checkpoint (training or weights-only, any readable version) into `params`, checked against
 * `config`; returns its step and seed. Errors name the file. The size and SHA-256 recorded in the sidecar are
 * checked when training resumes (readCheckpoint), not here: a run's model may be rewritten by hand.
 */
export function loadWeights(
  base: string,
  params: ParamMap,
  config: RnntConfig,
): { step: number; seed: number } {
  let content: CheckpointContent;
  try {
    content = read(base).content;
  } catch (error) {
    if (error instanceof CheckpointDamaged) throw new Error(`checkpoint ${base}: ${error.problem}`);
    throw error;
  }
  checkWeights(content, params, config);
  assignWeights(content, params);
  return { step: content.step, seed: content.seed };
}
