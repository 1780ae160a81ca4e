import { createSearch, decodeBatch } from '../../../src/engine/decode/decode';
import { DecodingModel, type PredictorState } from '../../../src/engine/decode/decoding-model';
import { StreamingDecoder } from '../../../src/engine/decode/streaming';
import type { RnntConfig } from '../../../src/engine/model/config';
import { encode } from '../../../src/engine/model/encoder';
import { disposeParams, initParams, type ParamMap } from '../../../src/engine/model/params';
import { tf } from '../../../src/engine/tf';
import { randomFeatures, tinyConfig, useBackend } from '../model/fixtures';

const DIM = 80;

function setBlankBias(params: ParamMap, value: number): void {
  const bias = params.get('joiner.out.bias')!;
  const values = bias.dataSync().slice();
  values[0] = value;
  bias.assign(tf.tensor1d(values));
}

function logAdd(a: number, b: number): number {
  const m = Math.max(a, b);
  return m === -Infinity ? m : m + Math.log(Math.exp(a - m) + Math.exp(b - m));
}

function streamDecode(
  config: RnntConfig,
  params: ParamMap,
  feats: Float32Array,
  chunk: number,
  method: 'greedy' | 'beam',
) {
  const decoder = new StreamingDecoder(config, params, { method, beam: 3 });
  const frames = feats.length / DIM;
  for (let at = 0; at < frames; at += chunk)
    decoder.acceptFeatures(feats.subarray(at * DIM, Math.min(frames, at + chunk) * DIM));
  return decoder.finish();
}

describe.each(['cpu', 'wasm'])('decoding on %s', (backend) => {
  beforeAll(async () => useBackend(backend));

  it('modified beam search with an unpruned beam finds the brute-force best label sequence', () => {
    const config = tinyConfig({ vocabSize: 3 });
    const params = initParams(config, 21);
    setBlankBias(params, 0.5);
    const feats = randomFeatures(19, DIM, 4); // 4 encoder frames
    const model = new DecodingModel(config, params);
    const rows = tf.tidy(() =>
      model.projectEncoderFrames(
        tf.squeeze(encode(config, params, tf.tensor3d(feats, [1, 19, DIM]), [19]).output, [0]),
      ),
    );
    const T = rows.length / config.joinerDim;
    expect(T).toBe(4);
    // enumerate every alignment with at most one symbol per frame; sum probabilities per label sequence
    const totals = new Map<string, number>();
    const walk = (t: number, state: PredictorState, tokens: number[], score: number): void => {
      if (t === T) {
        const key = tokens.join(',');
        totals.set(key, logAdd(totals.get(key) ?? -Infinity, score));
        return;
      }
      const lp = model.logProbs(rows.subarray(t * config.joinerDim, (t + 1) * config.joinerDim), [state]);
      walk(t + 1, state, tokens, score + lp[0]);
      for (let v = 1; v < config.vocabSize; v++)
        walk(t + 1, model.advance([state], [v])[0], [...tokens, v], score + lp[v]);
    };
    walk(0, model.initialState(), [], 0);
    const [bestKey, bestScore] = [...totals].reduce((a, b) => (b[1] > a[1] ? b : a));
    const search = createSearch(model, { method: 'beam', beam: 81 });
    search.advance(rows, T, 0);
    const best = search.best();
    expect(best.tokens.join(',')).toBe(bestKey);
    expect(best.logProb).toBeCloseTo(bestScore, 4);
    disposeParams(params);
  });

  it('greedy emits at most maxSymbolsPerFrame symbols per frame', () => {
    const config = tinyConfig();
    const params = initParams(config, 22);
    setBlankBias(params, -100);
    const feats = randomFeatures(40, DIM, 5);
    for (const cap of [1, 2]) {
      const input = tf.tensor3d(feats, [1, 40, DIM]);
      const [result] = decodeBatch(config, params, input, [40], { maxSymbolsPerFrame: cap });
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
  it.each(variants)('streaming decoding equals whole-utterance decoding (%s)', (_name, overrides) => {
    const config = tinyConfig(overrides);
    const params = initParams(config, 23);
    setBlankBias(params, 0.5);
    const feats = randomFeatures(150, DIM, 6);
    const before = tf.memory().numTensors;
    for (const method of ['greedy', 'beam'] as const) {
      const input = tf.tensor3d(feats, [1, 150, DIM]);
      const [full] = decodeBatch(config, params, input, [150], { method, beam: 3 });
      input.dispose();
      expect(full.tokens.length).toBeGreaterThan(2);
      for (const chunk of [9, 32]) {
        const streamed = streamDecode(config, params, feats, chunk, method);
        expect(streamed.tokens).toEqual(full.tokens);
        expect(streamed.frames).toEqual(full.frames);
        expect(streamed.logProb).toBeCloseTo(full.logProb, 3);
      }
    }
    expect(tf.memory().numTensors).toBe(before);
    disposeParams(params);
  });
});
