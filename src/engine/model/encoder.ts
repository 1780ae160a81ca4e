import { tf } from '../tf';
import { blockForward } from './block';
import type { RnntConfig } from './config';
import { dims, layerNorm, NO_DROPOUT, type Dropout } from './layers';
import { attentionBias, convTaps, fullLayout } from './layout';
import type { ParamSource } from './params';
import { subsample, subsampledLength } from './subsampling';

export interface EncoderOutput {
  /** [B, T', dModel]; frames at or beyond an utterance's length are padding. */
  output: tf.Tensor3D;
  /** Valid encoder frames per utterance. */
  lengths: number[];
}

/** Check a feature batch against the config before any compute; errors name the field. */
export function checkFeatureBatch(config: RnntConfig, features: tf.Tensor, lengths: readonly number[]): void {
  const [batch, frames, dim] = dims(features);
  if (features.rank !== 3 || dim !== config.inputDim) {
    throw new Error(`features must be [B, T, ${config.inputDim}] (config.inputDim), got [${features.shape}]`);
  }
  if (lengths.length !== batch) {
    throw new Error(`lengths has ${lengths.length} entries for a batch of ${batch}`);
  }
  lengths.forEach((length, b) => {
    if (!Number.isInteger(length) || length < 1 || length > frames) {
      throw new Error(`lengths[${b}] = ${length} is outside [1, ${frames}]`);
    }
    const encoded = subsampledLength(length, config.subsampling);
    if (encoded > config.maxFrames) {
      throw new Error(
        `utterance ${b} has ${encoded} encoder frames, above config.maxFrames ${config.maxFrames}`,
      );
    }
  });
}

/** Whole-utterance encoding with the streaming attention mask (see layout.ts). */
export function encode(
  config: RnntConfig,
  params: ParamSource,
  features: tf.Tensor,
  lengths: readonly number[],
  dropout: Dropout = NO_DROPOUT,
): EncoderOutput {
  checkFeatureBatch(config, features, lengths);
  const subsampled = dropout.apply(subsample(config, params, features));
  const [batch, frames, dim] = dims(subsampled);
  const outLengths = lengths.map((l) => Math.min(subsampledLength(l, config.subsampling), frames));
  const rows = fullLayout(frames, config.segmentLength, config.lookAhead);
  let x = subsampled;
  if (rows.length > frames) {
    const sources = rows.slice(frames).map((r) => Math.min(r.frame, frames - 1));
    x = tf.concat([subsampled, tf.gather(subsampled, tf.tensor1d(sources, 'int32'), 1)], 1);
  }
  const bias = tf.tensor3d(attentionBias(rows, rows, outLengths, config.leftContext), [
    batch,
    rows.length,
    rows.length,
  ]);
  const taps = config.convModule ? tf.tensor1d(convTaps(rows, config.convKernel), 'int32') : undefined;
  for (let layer = 0; layer < config.layers; layer++) {
    x = blockForward(config, params, layer, { x, bias, taps }, dropout);
  }
  const main = dims(x)[1] === frames ? x : tf.slice(x, [0, 0, 0], [batch, frames, dim]);
  return { output: layerNorm(params, 'encoder.final_norm', main) as tf.Tensor3D, lengths: outLengths };
}
