/**
 * Streaming decode real-time factor (src/engine/decode StreamingDecoder) of the demo model with
 * random weights: 20 s of features fed in 320 ms chunks, greedy and beam 4, on one thread.
 * RTF = decode time / audio time.
 */
import { tf } from '../../src/engine/tf';
import { type BenchBackend, useBackend } from '../backends';
import { timeSteps } from '../measure';
import type { BenchResult } from '../protocol';

const SECONDS = 20;
const CHUNK_FRAMES = 32;

export async function benchDecode(name: string, backend: BenchBackend, quick: boolean): Promise<BenchResult> {
  const model = await import('../../src/engine/model');
  const { StreamingDecoder } = await import('../../src/engine/decode');
  await useBackend(backend);
  const config = model.presetConfig('demo', { dropout: 0 });
  const params = model.initParams(config, 1);
  const frames = SECONDS * 100;
  const features = tf.tidy(
    () => tf.randomNormal([frames, config.inputDim], 0, 1, 'float32', 9).dataSync() as Float32Array,
  );
  const metrics: Record<string, number> = {};
  for (const method of ['greedy', 'beam'] as const) {
    let tokens = 0;
    const decodeOnce = (): void => {
      const decoder = new StreamingDecoder(config, params, { method, beam: 4 });
      for (let start = 0; start < frames; start += CHUNK_FRAMES) {
        decoder.acceptFeatures(
          features.subarray(
            start * config.inputDim,
            Math.min(frames, start + CHUNK_FRAMES) * config.inputDim,
          ),
        );
      }
      tokens = decoder.finish().tokens.length;
    };
    const timing = await timeSteps(decodeOnce, 1, quick ? 1 : 3);
    metrics[`${method}Rtf`] = timing.msPerStep / 1000 / SECONDS;
    metrics[`${method}CpuRtf`] = timing.cpuMsPerStep / 1000 / SECONDS;
    metrics[`${method}Tokens`] = tokens;
  }
  return {
    name,
    status: 'ok',
    primary: { metric: 'greedyRtf', value: metrics.greedyRtf, unit: 'RTF (greedy)' },
    metrics,
    details: {
      backend,
      audioSeconds: SECONDS,
      chunkFrames: CHUNK_FRAMES,
      model: 'demo preset, random weights',
    },
  };
}
