import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSafetensorsFile, safeTensor, writeSafetensorsFile, type SafeTensorMap } from '../io/safetensors';
import type { RnntConfig } from '../model/config';
import type { ParamMap } from '../model/params';
import { tf } from '../tf';
import type { AdamW } from './adamw';

/** What a checkpoint's JSON sidecar records besides the tensors. */
export interface CheckpointSidecar {
  step: number;
  /** Data position: the next batch to train is batch `batchIndex` of epoch `epoch`'s plan. */
  epoch: number;
  batchIndex: number;
  /** RNG state: the run seed (batch plans and dropout masks derive from seed, epoch and step). */
  seed: number;
  config: RnntConfig;
  /** Anything else the caller wants to keep (schedule, losses, …). */
  extra?: Record<string, unknown>;
}

export function checkpointBase(dir: string, step: number): string {
  return join(dir, `step-${String(step).padStart(8, '0')}`);
}

function writeJsonAtomically(path: string, value: unknown): void {
  const temp = `${path}.tmp-${process.pid}`;
  writeFileSync(temp, JSON.stringify(value, null, 2));
  renameSync(temp, path);
}

/**
 * Write `<base>.safetensors` (`model.<param>` and `optimizer.*`) then `<base>.json`, each atomically;
 * the sidecar is written last, so its presence marks a complete checkpoint.
 */
export function saveCheckpoint(
  base: string,
  params: ParamMap,
  optimizer: AdamW | undefined,
  sidecar: CheckpointSidecar,
): void {
  const tensors: SafeTensorMap = new Map();
  for (const [name, p] of params)
    tensors.set(`model.${name}`, safeTensor(p.dataSync() as Float32Array, [...p.shape]));
  if (optimizer) for (const [name, t] of optimizer.exportState()) tensors.set(name, t);
  writeSafetensorsFile(`${base}.safetensors`, tensors, {
    format: 'pathways-rnnt',
    step: String(sidecar.step),
  });
  writeJsonAtomically(`${base}.json`, sidecar);
}

/** The complete checkpoint with the highest step in `dir`, if any. */
export function latestCheckpoint(dir: string): string | undefined {
  if (!existsSync(dir)) return undefined;
  const steps = readdirSync(dir)
    .filter((f) => /^step-\d+\.json$/.test(f))
    .sort();
  const last = steps[steps.length - 1];
  return last ? join(dir, last.replace(/\.json$/, '')) : undefined;
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
 * Load a checkpoint into existing parameters (and optimizer). Everything is validated before any
 * value changes: the first tensor missing, extra or of another shape is named, together with the first
 * config field that differs (e.g. `config.vocabSize is 43 in the checkpoint, 45 in the model`).
 */
export function loadCheckpoint(
  base: string,
  params: ParamMap,
  optimizer?: AdamW,
  config?: RnntConfig,
): CheckpointSidecar {
  const sidecar = JSON.parse(readFileSync(`${base}.json`, 'utf8')) as CheckpointSidecar;
  const { tensors } = readSafetensorsFile(`${base}.safetensors`);
  const configDiff = config ? firstConfigDifference(sidecar.config, config, 'config') : undefined;
  const fail = (problem: string): never => {
    const detail = configDiff
      ? ` (${configDiff} is ${JSON.stringify(pick(sidecar.config, configDiff))} in the checkpoint, ${JSON.stringify(pick(config, configDiff))} in the model)`
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
    if (key.startsWith('model.') && !params.has(key.slice(6))) fail(`tensor '${key}' is not in the model`);
  }
  if (configDiff) fail('architecture mismatch');
  const problem = optimizer?.checkState(tensors);
  if (problem) throw new Error(`checkpoint ${base}: ${problem}`);
  for (const [name, p] of params) {
    const saved = tensors.get(`model.${name}`)!;
    tf.tidy(() => p.assign(tf.tensor(saved.data as Float32Array, saved.shape)));
  }
  optimizer?.importState(tensors);
  return sidecar;
}
