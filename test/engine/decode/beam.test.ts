import { BeamSearch } from '../../../src/engine/decode/beam';
import { createSearch, decodeBatch } from '../../../src/engine/decode/decode';
import { DecodingModel, type PredictorState } from '../../../src/engine/decode/decoding-model';
import type { Hypothesis } from '../../../src/engine/decode/types';
import { encode } from '../../../src/engine/model/encoder';
import { disposeParams, initParams, type ParamMap } from '../../../src/engine/model/params';
import { BLANK } from '../../../src/engine/model/rnnt-model';
import { tf } from '../../../src/engine/tf';
import { randomFeatures, tinyConfig, useBackend } from '../model/fixtures';

const DIM = 80;
/** Wider than any candidate pool of the brute-force cases: nothing is pruned. */
const UNPRUNED = 100_000;

function setBlankBias(params: ParamMap, value: number): void {
  const bias = params.get('joiner.out.bias')!;
  const values = bias.dataSync().slice();
  values[BLANK] = value;
  const updated = tf.tensor1d(values);
  bias.assign(updated);
  updated.dispose();
}

function logAdd(a: number, b: number): number {
  const m = Math.max(a, b);
  return m === -Infinity ? m : m + Math.log(Math.exp(a - m) + Math.exp(b - m));
}

interface Fixture {
  params: ParamMap;
  model: DecodingModel;
  rows: Float32Array;
  frames: number;
}

/** A tiny random model and the projected encoder rows of `featureFrames` random feature frames. */
async function fixture(
  vocabSize: number,
  blankBias: number,
  featureFrames: number,
  seed: number,
): Promise<Fixture> {
  const config = tinyConfig({ vocabSize });
  const params = initParams(config, seed);
  setBlankBias(params, blankBias);
  const model = new DecodingModel(config, params);
  const feats = randomFeatures(featureFrames, DIM, seed + 1);
  const encoded = tf.tidy(() =>
    tf.squeeze(
      encode(config, params, tf.tensor3d(feats, [1, featureFrames, DIM]), [featureFrames]).output,
      [0],
    ),
  );
  const rows = await model.projectEncoderFrames(encoded);
  encoded.dispose();
  return { params, model, rows, frames: rows.length / config.joinerDim };
}

/**
 * Brute force: every alignment with at most `cap` symbols per frame (k < cap tokens then blank, or
 * cap tokens and no blank), its probability summed per label sequence (log, keyed by "a,b,…").
 */
async function cappedLabelTotals(
  { model, rows, frames }: Fixture,
  cap: number,
): Promise<Map<string, number>> {
  const j = model.joinerDim;
  const states = new Map<string, PredictorState>([['', await model.initialState()]]);
  const stateOf = async (tokens: number[]): Promise<PredictorState> => {
    const key = tokens.join(',');
    let state = states.get(key);
    if (!state) {
      state = (await model.advance([await stateOf(tokens.slice(0, -1))], [tokens[tokens.length - 1]]))[0];
      states.set(key, state);
    }
    return state;
  };
  const logProbs = new Map<string, Float32Array>();
  const logProbsAt = async (t: number, tokens: number[]): Promise<Float32Array> => {
    const key = `${t}:${tokens.join(',')}`;
    let lp = logProbs.get(key);
    if (!lp) {
      lp = await model.logProbs(rows.subarray(t * j, (t + 1) * j), [await stateOf(tokens)]);
      logProbs.set(key, lp);
    }
    return lp;
  };
  const totals = new Map<string, number>();
  const walk = async (t: number, tokens: number[], emitted: number, score: number): Promise<void> => {
    if (t === frames) {
      const key = tokens.join(',');
      totals.set(key, logAdd(totals.get(key) ?? -Infinity, score));
      return;
    }
    if (emitted === cap) return walk(t + 1, tokens, 0, score);
    const lp = await logProbsAt(t, tokens);
    await walk(t + 1, tokens, 0, score + lp[BLANK]);
    for (let v = 1; v < model.vocabSize; v++) await walk(t, [...tokens, v], emitted + 1, score + lp[v]);
  };
  await walk(0, [], 0, 0);
  return totals;
}

function mostProbable(totals: Map<string, number>): { key: string; logProb: number } {
  const [key, logProb] = [...totals].reduce((a, b) => (b[1] > a[1] ? b : a));
  return { key, logProb };
}

async function beamDecode(f: Fixture, beam: number, maxSymbolsPerFrame: number): Promise<Hypothesis> {
  const search = createSearch(f.model, { method: 'beam', beam, maxSymbolsPerFrame });
  await search.advance(f.rows, f.frames, 0);
  return search.best();
}

/**
 * icefall's modified_beam_search written out on its own (one symbol per frame: the `beam` best
 * blank/token extensions, then same-label merges, then one batched predictor step): the behaviour
 * maxSymbolsPerFrame = 1 must keep.
 */
async function modifiedBeamSearch({ model, rows, frames }: Fixture, beam: number): Promise<Hypothesis> {
  const j = model.joinerDim;
  const v = model.vocabSize;
  type Hyp = Hypothesis & { state: PredictorState; extend?: number };
  let hyps: Hyp[] = [{ tokens: [], frames: [], logProb: 0, state: await model.initialState() }];
  for (let t = 0; t < frames; t++) {
    const lp = await model.logProbs(
      rows.subarray(t * j, (t + 1) * j),
      hyps.map((h) => h.state),
    );
    const scored = hyps.flatMap((h, i) =>
      Array.from({ length: v }, (_, s) => ({ h, s, score: h.logProb + lp[i * v + s] })),
    );
    scored.sort((a, b) => b.score - a.score);
    const next = new Map<string, Hyp>();
    for (const { h, s, score } of scored.slice(0, beam)) {
      const tokens = s === BLANK ? h.tokens : [...h.tokens, s];
      const seen = next.get(tokens.join(','));
      if (seen) seen.logProb = logAdd(seen.logProb, score);
      else
        next.set(tokens.join(','), {
          tokens,
          frames: s === BLANK ? h.frames : [...h.frames, t],
          logProb: score,
          state: h.state,
          extend: s === BLANK ? undefined : s,
        });
    }
    hyps = [...next.values()];
    const stepped = hyps.filter((h) => h.extend !== undefined);
    const states = await model.advance(
      stepped.map((h) => h.state),
      stepped.map((h) => h.extend!),
    );
    stepped.forEach((h, i) => (h.state = states[i]));
  }
  return hyps.reduce((a, b) => (b.logProb > a.logProb ? b : a));
}

describe('beam search with up to maxSymbolsPerFrame symbols per frame', () => {
  beforeAll(async () => useBackend('cpu'));

  it.each([
    // [maxSymbolsPerFrame, vocabSize, blank bias, feature frames, seed]
    [1, 3, 0.5, 19, 21],
    [2, 3, -0.5, 19, 31],
    [2, 4, 0, 15, 41],
    [3, 3, -1, 15, 51],
  ])(
    'an unpruned beam with maxSymbolsPerFrame %i (vocab %i, blank bias %f) returns the brute-force most probable label sequence and its log-probability',
    async (cap, vocab, blankBias, featureFrames, seed) => {
      const f = await fixture(vocab, blankBias, featureFrames, seed);
      expect(f.frames).toBeGreaterThanOrEqual(3);
      const totals = await cappedLabelTotals(f, cap);
      // the capped alignments form a distribution: the label sequences' probabilities sum to one
      expect([...totals.values()].reduce(logAdd)).toBeCloseTo(0, 5);
      const oracle = mostProbable(totals);
      const best = await beamDecode(f, UNPRUNED, cap);
      expect(best.tokens.join(',')).toBe(oracle.key);
      expect(best.logProb).toBeCloseTo(oracle.logProb, 4);
      expect(best.frames).toHaveLength(best.tokens.length);
      disposeParams(f.params);
    },
  );

  it('finds a best label sequence that needs two symbols on one frame, which one symbol per frame cannot produce', async () => {
    const f = await fixture(3, -2, 15, 61);
    const oracle = mostProbable(await cappedLabelTotals(f, 2));
    const length = oracle.key.split(',').length;
    expect(length).toBeGreaterThan(f.frames); // some frame must carry two symbols

    const two = await beamDecode(f, UNPRUNED, 2);
    expect(two.tokens.join(',')).toBe(oracle.key);
    expect(two.logProb).toBeCloseTo(oracle.logProb, 4);
    expect(new Set(two.frames).size).toBeLessThan(two.frames.length);

    const one = await beamDecode(f, UNPRUNED, 1);
    expect(one.tokens.length).toBeLessThanOrEqual(f.frames);
    expect(one.tokens.join(',')).not.toBe(oracle.key);
    disposeParams(f.params);
  });

  it.each([1, 2, 3, 4])(
    'maxSymbolsPerFrame 1 with beam %i is modified beam search bit for bit',
    async (beam) => {
      const f = await fixture(16, -0.5, 60, 71);
      const expected = await modifiedBeamSearch(f, beam);
      expect(expected.tokens.length).toBeGreaterThan(3);
      const got = await beamDecode(f, beam, 1);
      expect(got.tokens).toEqual(expected.tokens);
      expect(got.frames).toEqual(expected.frames);
      expect(got.logProb).toBe(expected.logProb);
      disposeParams(f.params);
    },
  );

  it.each([1, 2, 3])('beam 1 makes greedy search’s choices with maxSymbolsPerFrame %i', async (cap) => {
    const config = tinyConfig();
    const params = initParams(config, 81);
    setBlankBias(params, -0.5);
    const input = tf.tensor3d(randomFeatures(60, DIM, 82), [1, 60, DIM]);
    const [greedy] = await decodeBatch(config, params, input, [60], { maxSymbolsPerFrame: cap });
    const [beam] = await decodeBatch(config, params, input, [60], {
      method: 'beam',
      beam: 1,
      maxSymbolsPerFrame: cap,
    });
    input.dispose();
    if (cap > 1) expect(new Set(greedy.frames).size).toBeLessThan(greedy.frames.length);
    expect(beam.tokens).toEqual(greedy.tokens);
    expect(beam.frames).toEqual(greedy.frames);
    expect(beam.logProb).toBe(greedy.logProb);
    disposeParams(params);
  });

  it('carries its hypotheses across advance calls: chunked frames give the one-call result', async () => {
    const f = await fixture(16, 0, 150, 91);
    const whole = await beamDecode(f, 4, 3);
    expect(new Set(whole.frames).size).toBeLessThan(whole.frames.length);
    const j = f.model.joinerDim;
    for (const chunk of [1, 2, 5]) {
      const search = createSearch(f.model, { method: 'beam', beam: 4, maxSymbolsPerFrame: 3 });
      for (let t = 0; t < f.frames; t += chunk) {
        const n = Math.min(chunk, f.frames - t);
        await search.advance(f.rows.subarray(t * j, (t + n) * j), n, t);
      }
      const streamed = search.best();
      expect(streamed.tokens).toEqual(whole.tokens);
      expect(streamed.frames).toEqual(whole.frames);
      expect(streamed.logProb).toBe(whole.logProb);
    }
    disposeParams(f.params);
  });

  it('rejects a maxSymbolsPerFrame that is not a positive integer', async () => {
    const f = await fixture(3, 0, 15, 1);
    expect(() => new BeamSearch(f.model, 4, 0)).toThrow(
      /maxSymbolsPerFrame must be a positive integer, got 0/,
    );
    expect(() => new BeamSearch(f.model, 4, 1.5)).toThrow(/got 1.5/);
    disposeParams(f.params);
  });
});
