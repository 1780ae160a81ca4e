import type { ParamMap } from '../model/params';
import { tf } from '../tf';

/** The scalar `f()` and its gradient for every parameter that has one, by parameter name (the caller disposes both). */
export function namedGrads(
  params: ParamMap,
  f: () => tf.Scalar,
): { value: tf.Scalar; grads: Map<string, tf.Tensor> } {
  const names = [...params.keys()];
  const variables = names.map((n) => params.get(n)!);
  const { value, grads } = tf.variableGrads(f, variables);
  const named = new Map<string, tf.Tensor>();
  names.forEach((name, i) => {
    const g = grads[variables[i].name];
    if (g) named.set(name, g);
  });
  return { value, grads: named };
}
