import { greedySearchBatch } from '../../../src/engine/decode/batch-greedy';
import { decodeBatch, createSearch } from '../../../src/engine/decode/decode';
import { DecodingModel } from '../../../src/engine/decode/decoding-model';
import { GreedySearch } from '../../../src/engine/decode/greedy';
import type { Hypothesis, SearchOptions } from '../../../src/engine/decode/types';
import type { RnntConfig } from '../../../src/engine/model/config';
import { encode } from '../../../src/engine/model/encoder';
import { disposeParams, initParams, type ParamMap } from '../../../src/engine/model/params';
import { BLANK } from '../../../src/engine/model/rnnt-model';
import { subsampledLength } from '../../../src/engine/model/subsampling';
import { tf } from '../../../src/engine/tf';
import { padBatch, randomFeatures, tinyConfig, useBackend } from '../model/fixtures';

const DIM = 80;

function setBlankBias(params: ParamMap, value: number): void {
  const bias = params.get('joiner.out.bias')!;
  const values = bias.dataSync().slice();
  values[BLANK] = value;
  const updated = tf.tensor1d(values);
  bias.assign(updated);
  updated.dispose();
}

/** The oracle: the utterance encoded on its own (a batch of one, no padding) and searched by GreedySearch. */
async function decodeAlone(
  config: RnntConfig,
  params: ParamMap,
  feats: Float32Array,
  maxSymbolsPerFrame: number,
): Promise<Hypothesis> {
  const model = new DecodingModel(config, params);
  const frames = feats.length / DIM;
  const encoded = tf.tidy(() =>
    tf.squeeze(encode(config, params, tf.tensor3d(feats, [1, frames, DIM]), [frames]).output, [0]),
  );
  const rows = await model.projectEncoderFrames(encoded);
  encoded.dispose();
  const search = new GreedySearch(model, maxSymbolsPerFrame);
  await search.advance(rows, rows.length / config.joinerDim, 0);
  return search.best();
}

/**
 * Feature lengths: 7 gives one encoder frame (the shortest utterance), 23 and 40 end on a segment of one frame
 * (5 and 9 encoder frames, segments of 4), 150 is the longest (no padding), the rest are padded by odd amounts.
 */
const LENGTHS = [150, 7, 23, 40, 11, 97, 150, 64];

const variants: [string, Partial<RnntConfig>][] = [
  ['chunk mask, stateless predictor', { segmentLength: 4, leftContext: 1 }],
  ['segments of one frame', { segmentLength: 1, leftContext: 3 }],
  [
    'look-ahead, conv module, LSTM predictor',
    {
      lookAhead: 2,
      convModule: true,
      convKernel: 3,
      predictor: { kind: 'lstm', context: 2, embeddingDim: 16, hiddenDim: 16, layers: 2 },
    },
  ],
];

describe.each(['cpu', 'wasm'])('batched greedy decoding on %s', (backend) => {
  beforeAll(async () => useBackend(backend));

  it.each(variants)(
    'gives each utterance the hypothesis it gets decoded alone (%s)',
    async (_name, overrides) => {
      const config = tinyConfig(overrides);
      const params = initParams(config, 31);
      const utterances = LENGTHS.map((frames, i) => randomFeatures(frames, DIM, 100 + i));
      const before = tf.memory().numTensors;
      // blank biases at which the random model emits tokens on nearly every frame up to the cap, a mix of
      // tokens and blanks, and blank only
      for (const blankBias of [-100, 0.5, 100]) {
        setBlankBias(params, blankBias);
        for (const cap of [1, 3]) {
          const input = padBatch(utterances, DIM);
          const batched = await decodeBatch(config, params, input, LENGTHS, { maxSymbolsPerFrame: cap });
          input.dispose();
          for (const [b, feats] of utterances.entries()) {
            const alone = await decodeAlone(config, params, feats, cap);
            expect(batched[b].tokens).toEqual(alone.tokens);
            expect(batched[b].frames).toEqual(alone.frames);
            expect(batched[b].logProb).toBeCloseTo(alone.logProb, 3);
            if (blankBias === -100) {
              expect(alone.tokens.length).toBe(cap * subsampledLength(LENGTHS[b], 4));
            }
            if (blankBias === 100) expect(alone.tokens).toEqual([]);
          }
          if (blankBias === 0.5) {
            const emitted = batched.reduce((n, r) => n + r.tokens.length, 0);
            const frames = LENGTHS.reduce((n, l) => n + subsampledLength(l, 4), 0);
            expect(emitted).toBeGreaterThan(frames / 10);
            expect(emitted).toBeLessThan(cap * frames);
          }
        }
      }
      expect(tf.memory().numTensors).toBe(before);
      disposeParams(params);
    },
  );

  it('makes the choices of GreedySearch on the same encoder rows, with the same scores', async () => {
    const config = tinyConfig({
      predictor: { kind: 'lstm', context: 2, embeddingDim: 16, hiddenDim: 16, layers: 1 },
    });
    const params = initParams(config, 32);
    setBlankBias(params, 0.4);
    const model = new DecodingModel(config, params);
    const j = config.joinerDim;
    const rows = [1, 9, 4, 17, 1, 12].map((frames, i) => ({
      frames,
      rows: randomFeatures(frames, j, 200 + i),
    }));
    const before = tf.memory().numTensors;
    const batched = await greedySearchBatch(model, rows, 2);
    for (const [b, u] of rows.entries()) {
      const search = new GreedySearch(model, 2);
      await search.advance(u.rows, u.frames, 0);
      expect(batched[b]).toEqual(search.best());
    }
    expect(batched.some((h) => h.tokens.length > 0)).toBe(true);
    expect(await greedySearchBatch(model, [], 2)).toEqual([]);
    await expect(greedySearchBatch(model, rows, 0)).rejects.toThrow(/maxSymbolsPerFrame/);
    expect(tf.memory().numTensors).toBe(before);
    disposeParams(params);
  });

  it('keeps beam search per utterance over the batched encoder', async () => {
    const config = tinyConfig();
    const params = initParams(config, 33);
    setBlankBias(params, 0.3);
    const lengths = [60, 23, 41];
    const utterances = lengths.map((frames, i) => randomFeatures(frames, DIM, 300 + i));
    const options: SearchOptions = { method: 'beam', beam: 3, maxSymbolsPerFrame: 2 };
    const input = padBatch(utterances, DIM);
    const batched = await decodeBatch(config, params, input, lengths, options);
    input.dispose();
    for (const [b, feats] of utterances.entries()) {
      const model = new DecodingModel(config, params);
      const encoded = tf.tidy(() =>
        tf.squeeze(
          encode(config, params, tf.tensor3d(feats, [1, lengths[b], DIM]), [lengths[b]]).output,
          [0],
        ),
      );
      const rows = await model.projectEncoderFrames(encoded);
      encoded.dispose();
      const search = createSearch(model, options);
      await search.advance(rows, rows.length / config.joinerDim, 0);
      expect(batched[b].tokens).toEqual(search.best().tokens);
      expect(batched[b].frames).toEqual(search.best().frames);
    }
    disposeParams(params);
  });
});
