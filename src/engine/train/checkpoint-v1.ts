import { existsSync } from 'node:fs';
import type { RnntConfig } from '../model/config';
import { MaskSet } from '../prune/mask-set';
import { CheckpointDamaged, MIXED_STREAM, readTensorFile, type CheckpointContent } from './checkpoint-files';

/**
 * Checkpoints of format version 1, written before every kind of training ran through one loop: a sidecar of
 * `{ step, epoch, batchIndex, seed, config, extra? }` beside `<base>.safetensors` (weights, optimizer state). Dense
 * training kept its batch position as epoch and batch index; masked training (prune, pathways, dense fine-tuning)
 * kept its masks in `<base>.mask-<key>.safetensors` (keys in `extra.maskKeys`), dynamic state in
 * `<base>.state.safetensors`, its job bookkeeping in the rest of `extra`, and no sampler state (a resume replays
 * the sampler for `step` steps). A file without `optimizer.step` is weights only (a run's model, a rewind point).
 */
export function readVersion1(base: string, sidecar: Record<string, unknown>): CheckpointContent {
  const { step, seed, epoch, batchIndex, config, extra } = sidecar as {
    step: unknown;
    seed: unknown;
    epoch?: unknown;
    batchIndex?: unknown;
    config: RnntConfig;
    extra?: Record<string, unknown>;
  };
  if (typeof step !== 'number' || typeof seed !== 'number')
    throw new CheckpointDamaged(base, `${base}.json (format version 1) lacks its step or seed`);
  const { tensors } = readTensorFile(base, `${base}.safetensors`);
  const content: CheckpointContent = { base, version: 1, step, seed, config, tensors };
  if (!tensors.has('optimizer.step')) return content;
  const { maskKeys, ...job } = extra ?? {};
  if (!Array.isArray(maskKeys)) {
    const position = { epoch: Number(epoch ?? 0), index: Number(batchIndex ?? 0) };
    return { ...content, training: { sampler: { streams: { [MIXED_STREAM]: position } }, masks: new Map() } };
  }
  const masks = new Map<string, MaskSet>();
  for (const key of maskKeys as string[]) {
    const path = `${base}.mask-${key}.safetensors`;
    const file = readTensorFile(base, path);
    masks.set(key, MaskSet.fromSafetensors(file.tensors, file.metadata, path).masks);
  }
  const statePath = `${base}.state.safetensors`;
  let state: Record<string, string> | undefined;
  if (existsSync(statePath)) {
    const file = readTensorFile(base, statePath);
    for (const [name, t] of file.tensors) tensors.set(name, t);
    state = file.metadata;
  }
  return { ...content, training: { masks, state, job } };
}
