import {
  CharTokenizer,
  CmvnStats,
  DECODE_BATCH_FRAMES,
  disposeParams,
  initParams,
  planDecodeBatches,
  presetConfig,
  SeededRandom,
  tf,
} from '../../../src/engine';
import { decodeAndScore } from '../../../src/jobs/recipes/decode';
import type { UtteranceFeatures } from '../../../src/jobs/recipes/features';
import { useTestBackend } from '../../helpers/backend';

const DIM = 80;
const BLANK_BIAS = -1;

function utterance(i: number, frames: number, rng: SeededRandom): UtteranceFeatures {
  return {
    utterance: {
      id: `d/u${i}`,
      datasetId: 'd',
      language: i % 2 ? 'en' : 'fr',
      speaker: 's',
      audioPath: `u${i}.wav`,
      offsetSec: null,
      durationSec: frames / 100,
      transcript: 'abc cab',
      split: 'test',
    },
    data: Float32Array.from({ length: frames * DIM }, () => rng.normal()),
    frames,
    bins: DIM,
  };
}

describe('decodeAndScore', () => {
  beforeAll(async () => useTestBackend());

  it('decodes in length groups under the frame budget, and keeps each utterance its own hypothesis and place', async () => {
    const rng = new SeededRandom(3);
    const features = Array.from({ length: 24 }, (_, i) =>
      utterance(i, 40 + Math.floor(rng.next() * 600), rng),
    );
    expect(planDecodeBatches(features.map((f) => f.frames)).length).toBeGreaterThan(1);
    expect(features.reduce((n, f) => n + f.frames, 0)).toBeGreaterThan(DECODE_BATCH_FRAMES);
    const tokenizer = CharTokenizer.train(['abc cab']);
    const config = presetConfig('tiny', { vocabSize: tokenizer.vocab.length });
    const params = initParams(config, 4);
    // a blank bias at which the random model emits a few characters
    const bias = params.get('joiner.out.bias')!;
    const values = bias.dataSync().slice();
    values[0] = BLANK_BIAS;
    const updated = tf.tensor1d(values);
    bias.assign(updated);
    updated.dispose();
    const cmvn = new CmvnStats(DIM);
    features.forEach((f) => cmvn.accumulate(f.data, f.frames));
    const model = { config, params, tokenizer, cmvn };
    const records = await decodeAndScore(model, features);
    expect(records.map((r) => r.utteranceKey)).toEqual(features.map((f) => f.utterance.id));
    for (const [i, f] of features.entries())
      expect(records[i]).toEqual((await decodeAndScore(model, [f]))[0]);
    expect(records.some((r) => r.hypothesis.length > 0)).toBe(true);
    disposeParams(params);
  });
});
