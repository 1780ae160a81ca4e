/**
 * Multi-head self-attention under the streaming mask without look-ahead (layout.ts with lookAhead 0),
 * computed segment by segment: the S query frames of segment k attend only to the (L + 1)·S key frames
 * of segments k − L … k, so the scores are [B·H·segments, S, (L + 1)·S] instead of [B·H, T, T]. Keys
 * before the first frame or at/after an utterance's length are hidden, as in attentionBias, so every
 * frame inside an utterance gets exactly the output of the full masked attention.
 */
import { tf } from '../tf';
import { dims, linear } from './layers';
import { HIDDEN } from './layout';
import type { ParamSource } from './params';

export interface SegmentWindows {
  segmentLength: number;
  leftContext: number;
  /** Additive key bias [B, 1, segments, 1, (leftContext + 1) · segmentLength]: 0 visible, HIDDEN not. */
  bias: tf.Tensor;
}

/** The key windows' bias for a batch of `frames` encoder frames with the given valid lengths. */
export function segmentWindows(
  frames: number,
  lengths: readonly number[],
  segmentLength: number,
  leftContext: number,
): SegmentWindows {
  const segments = Math.ceil(frames / segmentLength);
  const width = (leftContext + 1) * segmentLength;
  const bias = new Float32Array(lengths.length * segments * width);
  lengths.forEach((length, b) => {
    for (let k = 0; k < segments; k++) {
      for (let i = 0; i < width; i++) {
        const frame = (k - leftContext) * segmentLength + i;
        if (frame < 0 || frame >= length) bias[(b * segments + k) * width + i] = HIDDEN;
      }
    }
  });
  return {
    segmentLength,
    leftContext,
    bias: tf.tensor(bias, [lengths.length, 1, segments, 1, width]),
  };
}

/** x [B, T, d] (already normalised) → attention output [B, T, d] (after the output projection). */
export function segmentAttention(
  params: ParamSource,
  name: string,
  x: tf.Tensor,
  windows: SegmentWindows,
  heads: number,
): tf.Tensor {
  const [batch, frames, dim] = dims(x);
  const { segmentLength: S, leftContext: L } = windows;
  const segments = Math.ceil(frames / S);
  const padded = segments * S;
  const perHead = dim / heads;
  const width = (L + 1) * S;
  // [B, T, d] → [B·H, padded frames, d/H], zero rows after the last frame.
  const split = (t: tf.Tensor): tf.Tensor => {
    const heads4 = tf.transpose(tf.reshape(t, [batch, frames, heads, perHead]), [0, 2, 1, 3]);
    const rows = tf.reshape(heads4, [batch * heads, frames, perHead]);
    return padded === frames
      ? rows
      : tf.pad(rows, [
          [0, 0],
          [0, padded - frames],
          [0, 0],
        ]);
  };
  // Window of segment k: frames (k − L)·S … (k + 1)·S − 1, as [B·H·segments, width, d/H].
  const window = (t: tf.Tensor): tf.Tensor => {
    const early = tf.pad(t, [
      [0, 0],
      [L * S, 0],
      [0, 0],
    ]);
    const shifted = Array.from({ length: L + 1 }, (_, i) =>
      tf.reshape(tf.slice(early, [0, i * S, 0], [batch * heads, padded, perHead]), [
        batch * heads,
        segments,
        S,
        perHead,
      ]),
    );
    return tf.reshape(tf.concat(shifted, 2), [batch * heads * segments, width, perHead]);
  };
  const q = tf.reshape(split(linear(params, `${name}.wq`, x)), [batch * heads * segments, S, perHead]);
  const k = window(split(linear(params, `${name}.wk`, x)));
  const v = window(split(linear(params, `${name}.wv`, x)));
  const scores = tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(perHead));
  const biased = tf.add(tf.reshape(scores, [batch, heads, segments, S, width]), windows.bias);
  const weights = tf.reshape(tf.softmax(biased), [batch * heads * segments, S, width]);
  const context = tf.reshape(tf.matMul(weights, v), [batch, heads, padded, perHead]);
  const merged = tf.reshape(tf.transpose(context, [0, 2, 1, 3]), [batch, padded, dim]);
  const valid = padded === frames ? merged : tf.slice(merged, [0, 0, 0], [batch, frames, dim]);
  return linear(params, `${name}.wo`, valid);
}
