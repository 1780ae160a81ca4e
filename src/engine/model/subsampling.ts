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

/**
 * ∂L/∂filter of a valid, strided conv2d, computed as a dilated convolution of the input with the
 * output gradient (channels and batch swapped), so it runs on the Conv2D kernel every backend has.
 */
function filterGradient(x: tf.Tensor4D, dy: tf.Tensor4D, stride: number, kernel: number): tf.Tensor4D {
  const inputs = tf.transpose(x, [3, 1, 2, 0]);
  const grads = tf.transpose(dy, [1, 2, 0, 3]);
  const full = tf.conv2d(inputs, grads, 1, 'valid', 'NHWC', [stride, stride]);
  const [channels, , , out] = dims(full);
  return tf.transpose(tf.slice(full, [0, 0, 0, 0], [channels, kernel, kernel, out]), [1, 2, 0, 3]);
}

/** Valid strided conv2d, NHWC, with its gradients expressed through Conv2D / Conv2DTranspose. */
function conv2dValid(x: tf.Tensor4D, filter: tf.Tensor4D, stride: number): tf.Tensor4D {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xs, w, save] = args as [tf.Tensor4D, tf.Tensor4D, tf.GradSaveFunc];
    save([xs, w]);
    return {
      value: tf.conv2d(xs, w, stride, 'valid'),
      gradFunc: (dy: tf.Tensor4D, saved: tf.Tensor[]) => {
        const [sx, sw] = saved as [tf.Tensor4D, tf.Tensor4D];
        const [b, t, f, c] = dims(sx);
        return [
          tf.conv2dTranspose(dy, sw, [b, t, f, c], stride, 'valid'),
          filterGradient(sx, dy, stride, dims(sw)[0]),
        ];
      },
    };
  });
  return op(x, filter) as tf.Tensor4D;
}

function convRelu(params: ParamSource, name: string, x: tf.Tensor4D, stride: number): tf.Tensor4D {
  const filter = param(params, `${name}.weight`) as tf.Tensor4D;
  return tf.relu(tf.add(conv2dValid(x, filter, stride), param(params, `${name}.bias`))) as tf.Tensor4D;
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
