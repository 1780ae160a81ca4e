import { layerNormOp } from '../kernels/layer-norm';
import { tf } from '../tf';
import { param, type ParamSource } from './params';

/** A tensor's shape as a plain number array. */
export function dims(t: tf.Tensor): number[] {
  return t.shape as number[];
}

/** x [..., in] · W [in, out] + b, as one 2-D matMul. */
export function linear(params: ParamSource, name: string, x: tf.Tensor): tf.Tensor {
  const w = param(params, `${name}.weight`);
  const b = param(params, `${name}.bias`);
  const shape = dims(x);
  const flat = tf.reshape(x, [-1, shape[shape.length - 1]]);
  const y = tf.add(tf.matMul(flat, w), b);
  return tf.reshape(y, [...shape.slice(0, -1), dims(w)[1]]);
}

/** Layer normalisation over the last axis (eps 1e-5; fused kernels where the backend has them). */
export function layerNorm(params: ParamSource, name: string, x: tf.Tensor): tf.Tensor {
  return layerNormOp(x, param(params, `${name}.weight`), param(params, `${name}.bias`), 1e-5);
}

/**
 * Dropout with reproducible masks: each call draws a fresh seed from a counter started at the
 * step's seed, so a training step is deterministic given (seed, step). Inactive when rate is 0.
 */
export class Dropout {
  private calls = 0;

  constructor(
    readonly rate: number,
    private readonly seed: number,
  ) {}

  apply(x: tf.Tensor): tf.Tensor {
    if (this.rate <= 0) return x;
    return tf.dropout(x, this.rate, undefined, this.seed + this.calls++);
  }

  /** A dropout that draws this one's masks again from the start (a second forward of the same step). */
  replay(): Dropout {
    return new Dropout(this.rate, this.seed);
  }
}

/** Identity dropout for inference. */
export const NO_DROPOUT = new Dropout(0, 0);
