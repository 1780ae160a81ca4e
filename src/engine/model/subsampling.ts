import { tf } from '../tf';
import type { RnntConfig } from './config';
import { dims, linear } from './layers';
import { param, secondConvGeometry, type ParamSource } from './params';

/**
 * Convolutional subsampling: two valid 2-D convolutions (3×3 stride 2, then 3×3 stride 2 for ×4 or
 * 5×5 stride 3 for ×6) with ReLU over (time, frequency), then a linear map to dModel.
 * Output frame j depends on input frames [stride·j, stride·j + receptiveField − 1] only.
 */
export function subsamplingGeometry(subsampling: 4 | 6): { stride: number; receptiveField: number } {
  return subsampling === 4 ? { stride: 4, receptiveField: 7 } : { stride: 6, receptiveField: 11 };
}

/** Encoder frames produced from `inputFrames` feature frames. */
export function subsampledLength(inputFrames: number, subsampling: 4 | 6): number {
  const { stride, receptiveField } = subsamplingGeometry(subsampling);
  return inputFrames < receptiveField ? 0 : Math.floor((inputFrames - receptiveField) / stride) + 1;
}

function convRelu(params: ParamSource, name: string, x: tf.Tensor4D, stride: number): tf.Tensor4D {
  const filter = param(params, `${name}.weight`) as tf.Tensor4D;
  return tf.relu(tf.add(tf.conv2d(x, filter, stride, 'valid'), param(params, `${name}.bias`))) as tf.Tensor4D;
}

/** features [B, T, F] → [B, T', dModel]. */
export function subsample(config: RnntConfig, params: ParamSource, features: tf.Tensor): tf.Tensor {
  const [batch, frames] = dims(features);
  if (subsampledLength(frames, config.subsampling) === 0) {
    throw new Error(
      `utterance of ${frames} feature frames is too short for ×${config.subsampling} subsampling`,
    );
  }
  const second = secondConvGeometry(config.subsampling);
  let x = tf.expandDims(features, 3) as tf.Tensor4D;
  x = convRelu(params, 'encoder.subsampling.conv1', x, 2);
  x = convRelu(params, 'encoder.subsampling.conv2', x, second.stride);
  const [, outFrames, freq, channels] = dims(x);
  return linear(params, 'encoder.subsampling.out', tf.reshape(x, [batch, outFrames, freq * channels]));
}
