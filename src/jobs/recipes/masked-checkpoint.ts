import { existsSync } from 'node:fs';
import {
  checkpointBase,
  latestCheckpoint,
  loadCheckpoint,
  MaskSet,
  readSafetensorsFile,
  saveCheckpoint,
  writeSafetensorsFile,
  type AdamW,
  type ParamMap,
  type RnntConfig,
  type SafeTensorMap,
} from '../../engine';
import { pruneOldCheckpoints } from './checkpoints';

/** Extra state of a masked-training checkpoint (e.g. a dynamic run's shadow buffers), saved beside the weights. */
export interface CheckpointState {
  tensors: SafeTensorMap;
  metadata: Record<string, string>;
}

/** Everything a masked training job (prune, pathways) needs to continue where it stopped. */
export interface MaskedCheckpoint {
  step: number;
  /** The masks in use at `step`, by key (a language, or `all`). */
  masks: Map<string, MaskSet>;
  /** The job's own bookkeeping (e.g. IMP rounds done). */
  extra: Record<string, unknown>;
  state?: CheckpointState;
}

const maskPath = (base: string, key: string) => `${base}.mask-${key}.safetensors`;
const statePath = (base: string) => `${base}.state.safetensors`;

/**
 * Save weights and optimizer state (`step-N.safetensors`), each mask (`step-N.mask-<key>.safetensors`) and the
 * optional extra state (`step-N.state.safetensors`); the JSON sidecar, which marks the checkpoint complete, is
 * written last. Keeps the newest two checkpoints.
 */
export function saveMaskedCheckpoint(
  dir: string,
  step: number,
  model: { params: ParamMap; optimizer: AdamW; config: RnntConfig; seed: number },
  content: { masks: ReadonlyMap<string, MaskSet>; extra?: Record<string, unknown>; state?: CheckpointState },
): void {
  const base = checkpointBase(dir, step);
  for (const [key, mask] of content.masks) mask.save(maskPath(base, key), 'bitpacked', { key });
  if (content.state) writeSafetensorsFile(statePath(base), content.state.tensors, content.state.metadata);
  saveCheckpoint(base, model.params, model.optimizer, {
    step,
    epoch: 0,
    batchIndex: 0,
    seed: model.seed,
    config: model.config,
    extra: { ...content.extra, maskKeys: [...content.masks.keys()] },
  });
  pruneOldCheckpoints(dir);
}

/**
 * Load the newest complete checkpoint of `dir` into `params` and `optimizer` (validated against `config`) and
 * return its masks and bookkeeping; undefined when there is none (a fresh start).
 */
export function loadMaskedCheckpoint(
  dir: string,
  model: { params: ParamMap; optimizer: AdamW; config: RnntConfig },
): (MaskedCheckpoint & { base: string }) | undefined {
  const base = latestCheckpoint(dir);
  if (!base) return undefined;
  const sidecar = loadCheckpoint(base, model.params, model.optimizer, model.config);
  const { maskKeys, ...extra } = (sidecar.extra ?? {}) as { maskKeys?: string[] } & Record<string, unknown>;
  if (!Array.isArray(maskKeys))
    throw new Error(`checkpoint ${base}: its sidecar lists no masks (extra.maskKeys)`);
  const masks = new Map(maskKeys.map((key) => [key, MaskSet.load(maskPath(base, key)).masks]));
  const state = existsSync(statePath(base)) ? readSafetensorsFile(statePath(base)) : undefined;
  return { base, step: sidecar.step, masks, extra, state };
}
