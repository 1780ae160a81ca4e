import {
  decodeBatch,
  disposeParams,
  initParams,
  presetConfig,
  selectBackend,
  tf,
  TrainingLoop,
  type TrainingExample,
} from '../../engine';
import type { BackendPreference } from '../../engine/backend';
import type { ModelPreset } from '../../shared/api';
import { backendLabel } from '../../shared/backend-label';
import { workerWasmThreads } from './backend';
import type { MeasuredSpeed } from './wall-time';

/** A character vocabulary's size, for the probe's output layer. */
const PROBE_VOCAB = 40;
/** Feature frames per character of speech at 10 ms frames (about 14 characters a second). */
const FRAMES_PER_CHAR = 7;

function syntheticExample(id: number, frames: number, inputDim: number): TrainingExample {
  const features = Float32Array.from({ length: frames * inputDim }, (_, i) => Math.sin(i * 0.37 + id));
  const tokens = Array.from(
    { length: Math.max(1, Math.round(frames / FRAMES_PER_CHAR)) },
    (_, i) => 1 + ((i + id) % (PROBE_VOCAB - 1)),
  );
  return { id: `probe-${id}`, features, frames, tokens };
}

/**
 * Times, on the backend the jobs will use (`backend`, with the workers' wasm threads), two training steps of the preset's model on batches of `batchFrames`
 * frames of utterances of `meanFrames` frames (after one untimed step that warms the kernels up), and two greedy
 * decodes of a batch of them, as evaluation decodes them (decodeAndScore: utterances of similar length together),
 * per utterance. Synthetic features: the cost of a step depends on the shapes, not the values.
 */
export async function measureSpeed(
  backend: BackendPreference,
  preset: ModelPreset,
  batchFrames: number,
  meanFrames: number,
): Promise<MeasuredSpeed> {
  const choice = await selectBackend(backend, { wasmThreads: workerWasmThreads() });
  const config = presetConfig(preset, { vocabSize: PROBE_VOCAB });
  const frames = Math.max(20, Math.round(meanFrames));
  const perBatch = Math.max(1, Math.floor(batchFrames / frames));
  const examples = Array.from({ length: perBatch }, (_, i) => syntheticExample(i, frames, config.inputDim));
  const params = initParams(config, 0);
  const loop = new TrainingLoop({
    config,
    params,
    seed: 0,
    data: { examples },
    batchFrames,
    schedule: { kind: 'constant', lr: 1e-4 },
  });
  try {
    await loop.run(1);
    let started = performance.now();
    await loop.run(3);
    const stepSec = (performance.now() - started) / 2000;
    const padded = new Float32Array(perBatch * frames * config.inputDim);
    examples.forEach((e, b) => padded.set(e.features, b * frames * config.inputDim));
    const features = tf.tensor3d(padded, [perBatch, frames, config.inputDim]);
    const lengths = examples.map((e) => e.frames);
    await decodeBatch(config, params, features, lengths);
    started = performance.now();
    for (let i = 0; i < 2; i++) await decodeBatch(config, params, features, lengths);
    const utteranceSec = (performance.now() - started) / 2000 / perBatch;
    features.dispose();
    return { backend: backendLabel(choice), stepSec, utteranceSec };
  } finally {
    loop.dispose();
    disposeParams(params);
  }
}
