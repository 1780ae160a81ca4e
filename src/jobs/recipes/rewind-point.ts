import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  initParams,
  loadWeights,
  saveWeights,
  tf,
  type ParamMap,
  type RewindPoint,
  type RnntConfig,
} from '../../engine';
import { writeFileAtomic } from '../checkpoint';

/**
 * Where an LTH job keeps the weights it rewinds to: `rewind.safetensors` + `rewind.json` beside its step
 * checkpoints (which `pruneOldCheckpoints` leaves alone).
 */
const rewindPointBase = (dir: string) => join(dir, 'rewind');

/** The rewind point's weights file in a job's checkpoint folder. */
export function rewindPointFile(dir: string): string {
  return `${rewindPointBase(dir)}.safetensors`;
}

/** The training step of a rewind point: 0 for the start checkpoint. */
function rewindStep(rewind: RewindPoint): number {
  return rewind.to === 'step' ? rewind.step : 0;
}

/** Save `params` as the rewind point taken after `step` training steps (each file atomic, the sidecar last). */
export async function saveRewindPoint(
  dir: string,
  step: number,
  model: { params: ParamMap; config: RnntConfig; seed: number },
): Promise<void> {
  // rewinding to the start saves before the first checkpoint has made the folder
  mkdirSync(dir, { recursive: true });
  await saveWeights(rewindPointBase(dir), { ...model, step }, writeFileAtomic);
}

/**
 * The rewind point's weights for a job resumed from its checkpoint at `resumedStep` (the caller disposes them).
 * Undefined when it was not taken yet (resumed at or before the rewind step: the run takes it when it gets there);
 * throws, naming the file, when it is missing past that step or does not fit the model or the rewind step.
 */
export function loadRewindPoint(
  dir: string,
  config: RnntConfig,
  rewind: RewindPoint,
  resumedStep: number,
): ParamMap | undefined {
  const base = rewindPointBase(dir);
  const file = rewindPointFile(dir);
  const step = rewindStep(rewind);
  if (!existsSync(`${base}.json`)) {
    if (resumedStep <= step) return undefined;
    throw new Error(
      `LTH rewind point ${file} is missing, but the checkpoint of step ${resumedStep} is past it`,
    );
  }
  const weights = initParams(config, 0);
  try {
    const saved = loadWeights(base, weights, config).step;
    if (saved !== step)
      throw new Error(`it holds the weights of step ${saved}, the run rewinds to step ${step}`);
    return weights;
  } catch (error) {
    tf.dispose([...weights.values()]);
    throw new Error(`LTH rewind point ${file} does not fit this run: ${(error as Error).message}`);
  }
}
