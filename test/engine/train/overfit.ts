import { decodeBatch } from '../../../src/engine/decode/decode';
import { StreamingDecoder } from '../../../src/engine/decode/streaming';
import type { DecodeResult } from '../../../src/engine/decode/types';
import type { RnntConfig } from '../../../src/engine/model/config';
import { disposeParams, initParams } from '../../../src/engine/model/params';
import { collate } from '../../../src/engine/train/corpus';
import { TrainingLoop } from '../../../src/engine/train/loop';
import { tf } from '../../../src/engine/tf';
import { tinyConfig, useBackend } from '../model/fixtures';
import { syntheticCorpus, TRANSCRIPTS } from './synthetic';

const FRAMES_PER_TOKEN = 12;
const examples = syntheticCorpus(TRANSCRIPTS, 11, FRAMES_PER_TOKEN);

/** Train 30 steps, then rounds of 10, until greedy decoding reproduces every transcript (at most 150 steps). */
async function overfit(config: RnntConfig): Promise<{ trainer: TrainingLoop; steps: number }> {
  const batch = collate(examples, 80, config.vocabSize);
  const trainer = new TrainingLoop({
    config,
    params: initParams(config, 1),
    seed: 1,
    data: { examples },
    batchFrames: 1e6,
    schedule: { kind: 'constant', lr: 6e-3 },
    dropout: true,
  });
  try {
    for (let maxSteps = 30; maxSteps <= 150; maxSteps += 10) {
      await trainer.run(maxSteps);
      const decoded = await decodeBatch(config, trainer.params, batch.features, batch.featureLengths);
      if (decoded.every((d, i) => d.tokens.join() === TRANSCRIPTS[i].join()))
        return { trainer, steps: maxSteps };
    }
    throw new Error('did not overfit in 150 steps');
  } finally {
    tf.dispose([batch.features, batch.targets]);
  }
}

async function streamed(
  config: RnntConfig,
  trainer: TrainingLoop,
  method: 'greedy' | 'beam',
  chunk: number,
): Promise<DecodeResult[]> {
  const results: DecodeResult[] = [];
  for (const e of examples) {
    const decoder = new StreamingDecoder(config, trainer.params, { method, beam: 4 });
    for (let at = 0; at < e.frames; at += chunk)
      await decoder.acceptFeatures(e.features.subarray(at * 80, Math.min(e.frames, at + chunk) * 80));
    results.push(await decoder.finish());
  }
  return results;
}

/** Registers the overfitting test for one backend and model variant. */
export function describeItLearns(
  backend: 'cpu' | 'wasm',
  name: string,
  overrides: Partial<RnntConfig>,
  checks: { streamingAndBeam: boolean } = { streamingAndBeam: true },
): void {
  describe(`it learns on ${backend} (${name})`, () => {
    beforeAll(async () => useBackend(backend));

    it('overfits synthetic utterances until greedy decoding reproduces them (plus beam and streaming when asked), with plausible timestamps', async () => {
      const config = tinyConfig({ vocabSize: 6, ...overrides });
      const { trainer, steps } = await overfit(config);
      expect(steps).toBeLessThanOrEqual(150);
      const batch = collate(examples, 80, config.vocabSize);
      const greedy = await decodeBatch(config, trainer.params, batch.features, batch.featureLengths);
      if (checks.streamingAndBeam) {
        const beam = await decodeBatch(config, trainer.params, batch.features, batch.featureLengths, {
          method: 'beam',
          beam: 4,
        });
        beam.forEach((d, i) => expect(d.tokens).toEqual(TRANSCRIPTS[i]));
        for (const chunk of [8, 23]) {
          (await streamed(config, trainer, 'greedy', chunk)).forEach((d, i) => {
            expect(d.tokens).toEqual(greedy[i].tokens);
            expect(d.frames).toEqual(greedy[i].frames);
          });
          (await streamed(config, trainer, 'beam', chunk)).forEach((d, i) =>
            expect(d.tokens).toEqual(TRANSCRIPTS[i]),
          );
        }
      }
      tf.dispose([batch.features, batch.targets]);
      // timestamps: non-decreasing, inside the utterance, and no later than one segment (plus look-ahead)
      // after the end of the token's own feature frames [4 + k·16, 4 + k·16 + 12). No lower bound: an
      // overfitted predictor may emit memorised continuations early.
      const lateness = (config.segmentLength + config.lookAhead) * 0.04;
      greedy.forEach((d, i) => {
        d.times.forEach((time, k) => {
          const end = (4 + k * (FRAMES_PER_TOKEN + 4) + FRAMES_PER_TOKEN) * 0.01;
          expect(time).toBeLessThanOrEqual(end + lateness);
          if (k > 0) expect(time).toBeGreaterThanOrEqual(d.times[k - 1]);
        });
        expect(d.times[d.times.length - 1]).toBeLessThan(examples[i].frames * 0.01);
      });
      trainer.dispose();
      disposeParams(trainer.params);
    }, 180_000);
  });
}
