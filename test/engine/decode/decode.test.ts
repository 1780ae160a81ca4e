import { decodeBatch } from '../../../src/engine/decode/decode';
import { StreamingDecoder } from '../../../src/engine/decode/streaming';
import type { SearchOptions } from '../../../src/engine/decode/types';
import type { RnntConfig } from '../../../src/engine/model/config';
import { disposeParams, initParams, type ParamMap } from '../../../src/engine/model/params';
import { tf } from '../../../src/engine/tf';
import { randomFeatures, tinyConfig, useBackend } from '../model/fixtures';

const DIM = 80;

function setBlankBias(params: ParamMap, value: number): void {
  const bias = params.get('joiner.out.bias')!;
  const values = bias.dataSync().slice();
  values[0] = value;
  const updated = tf.tensor1d(values);
  bias.assign(updated);
  updated.dispose();
}

async function streamDecode(
  config: RnntConfig,
  params: ParamMap,
  feats: Float32Array,
  chunk: number,
  options: SearchOptions,
) {
  const decoder = new StreamingDecoder(config, params, options);
  const frames = feats.length / DIM;
  for (let at = 0; at < frames; at += chunk)
    await decoder.acceptFeatures(feats.subarray(at * DIM, Math.min(frames, at + chunk) * DIM));
  return await decoder.finish();
}

describe.each(['cpu', 'wasm'])('decoding on %s', (backend) => {
  beforeAll(async () => useBackend(backend));

  it('greedy emits at most maxSymbolsPerFrame symbols per frame', async () => {
    const config = tinyConfig();
    const params = initParams(config, 22);
    setBlankBias(params, -100);
    const feats = randomFeatures(40, DIM, 5);
    for (const cap of [1, 2]) {
      const input = tf.tensor3d(feats, [1, 40, DIM]);
      const [result] = await decodeBatch(config, params, input, [40], { maxSymbolsPerFrame: cap });
      input.dispose();
      expect(result.tokens.length).toBe(cap * 9);
      expect(result.frames).toEqual(
        Array.from({ length: 9 }, (_, t) => new Array<number>(cap).fill(t)).flat(),
      );
      expect(result.times[cap]).toBeCloseTo(0.04, 9); // frame 1 × 4 × 10 ms
    }
    disposeParams(params);
  });

  const variants: [string, Partial<RnntConfig>][] = [
    ['chunk mask', { segmentLength: 4, leftContext: 2 }],
    [
      'look-ahead, conv module, LSTM predictor',
      {
        lookAhead: 2,
        convModule: true,
        convKernel: 3,
        predictor: { kind: 'lstm', context: 2, embeddingDim: 16, hiddenDim: 16, layers: 1 },
      },
    ],
  ];
  it.each(variants)('streaming decoding equals whole-utterance decoding (%s)', async (_name, overrides) => {
    const config = tinyConfig(overrides);
    const params = initParams(config, 23);
    const feats = randomFeatures(150, DIM, 6);
    const before = tf.memory().numTensors;
    // blank biases at which each search emits a few symbols on these random weights
    const searches: [number, SearchOptions][] = [
      [0.5, { method: 'greedy' }],
      [0.5, { method: 'beam', beam: 3, maxSymbolsPerFrame: 1 }],
      [0.3, { method: 'beam', beam: 3, maxSymbolsPerFrame: 3 }],
    ];
    for (const [blankBias, options] of searches) {
      setBlankBias(params, blankBias);
      const input = tf.tensor3d(feats, [1, 150, DIM]);
      const [full] = await decodeBatch(config, params, input, [150], options);
      input.dispose();
      expect(full.tokens.length).toBeGreaterThan(2);
      for (const chunk of [9, 32]) {
        const streamed = await streamDecode(config, params, feats, chunk, options);
        expect(streamed.tokens).toEqual(full.tokens);
        expect(streamed.frames).toEqual(full.frames);
        expect(streamed.logProb).toBeCloseTo(full.logProb, 3);
      }
    }
    expect(tf.memory().numTensors).toBe(before);
    disposeParams(params);
  });
});
