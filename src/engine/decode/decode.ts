import type { RnntConfig } from '../model/config';
import { encode } from '../model/encoder';
import type { ParamSource } from '../model/params';
import { tf } from '../tf';
import { greedySearchBatch } from './batch-greedy';
import { BeamSearch } from './beam';
import { DecodingModel } from './decoding-model';
import { GreedySearch } from './greedy';
import type { Search } from './search';
import type { DecodeResult, Hypothesis, SearchOptions } from './types';

export function createSearch(model: DecodingModel, options: SearchOptions = {}): Search {
  const method = options.method ?? 'greedy';
  const maxSymbolsPerFrame = options.maxSymbolsPerFrame ?? 3;
  if (method === 'greedy') return new GreedySearch(model, maxSymbolsPerFrame);
  if (method === 'beam') return new BeamSearch(model, options.beam ?? 4, maxSymbolsPerFrame);
  throw new Error(`unknown search method '${String(method)}'`);
}

/** Attach times in seconds to a hypothesis: encoder frame · subsampling · frame shift. */
export function toResult(config: RnntConfig, hyp: Hypothesis, frameShiftSeconds = 0.01): DecodeResult {
  const secondsPerFrame = config.subsampling * frameShiftSeconds;
  return {
    tokens: hyp.tokens,
    frames: hyp.frames,
    times: hyp.frames.map((f) => f * secondsPerFrame),
    logProb: hyp.logProb,
  };
}

async function beamEach(
  model: DecodingModel,
  utterances: readonly { rows: Float32Array; frames: number }[],
  options: SearchOptions,
): Promise<Hypothesis[]> {
  const hyps: Hypothesis[] = [];
  for (const u of utterances) {
    const search = createSearch(model, options);
    await search.advance(u.rows, u.frames, 0);
    hyps.push(search.best());
  }
  return hyps;
}

/**
 * Decode a padded feature batch [B, T, inputDim] over whole-utterance encoder outputs: the encoder runs on the
 * batch at once (each utterance's frames beyond its length are masked, so its frames are those it gets alone);
 * greedy search steps all utterances together (greedySearchBatch), beam search runs utterance by utterance. To
 * decode with a language pathway, pass θ ⊙ m_l as `params` (model.applyMasks).
 */
export async function decodeBatch(
  config: RnntConfig,
  params: ParamSource,
  features: tf.Tensor3D,
  lengths: readonly number[],
  options: SearchOptions = {},
): Promise<DecodeResult[]> {
  const model = new DecodingModel(config, params);
  let frames: number[] = [];
  const output = tf.tidy(() => {
    const encoded = encode(config, params, features, lengths);
    frames = encoded.lengths;
    return encoded.output;
  });
  let rows: Float32Array;
  try {
    rows = await model.projectEncoderFrames(output);
  } finally {
    output.dispose();
  }
  const stride = output.shape[1] * config.joinerDim;
  const utterances = frames.map((n, b) => ({
    frames: n,
    rows: rows.subarray(b * stride, b * stride + n * config.joinerDim),
  }));
  const method = options.method ?? 'greedy';
  const hyps =
    method === 'greedy'
      ? await greedySearchBatch(model, utterances, options.maxSymbolsPerFrame ?? 3)
      : await beamEach(model, utterances, options);
  return hyps.map((hyp) => toResult(config, hyp, options.frameShiftSeconds));
}
