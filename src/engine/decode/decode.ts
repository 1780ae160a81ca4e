import type { RnntConfig } from '../model/config';
import { encode } from '../model/encoder';
import type { ParamSource } from '../model/params';
import { tf } from '../tf';
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

/**
 * Decode a padded feature batch [B, T, inputDim] utterance by utterance over whole-utterance
 * encoder outputs. To decode with a language pathway, pass θ ⊙ m_l as `params` (model.applyMasks).
 */
export function decodeBatch(
  config: RnntConfig,
  params: ParamSource,
  features: tf.Tensor3D,
  lengths: readonly number[],
  options: SearchOptions = {},
): DecodeResult[] {
  const model = new DecodingModel(config, params);
  const encoded = tf.tidy(() => {
    const { output, lengths: frames } = encode(config, params, features, lengths);
    return frames.map((n, b) => {
      const utterance = tf.reshape(tf.slice(output, [b, 0, 0], [1, n, config.dModel]), [n, config.dModel]);
      return { frames: n, rows: model.projectEncoderFrames(utterance) };
    });
  });
  return encoded.map(({ frames, rows }) => {
    const search = createSearch(model, options);
    search.advance(rows, frames, 0);
    return toResult(config, search.best(), options.frameShiftSeconds);
  });
}
