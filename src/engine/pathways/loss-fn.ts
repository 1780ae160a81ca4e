import type { tf } from '../tf';
import type { ParamSource } from '../model/params';

/** The training loss of one batch under the given (possibly masked) parameters. */
export type LossFn<B> = (params: ParamSource, batch: B) => tf.Scalar;
