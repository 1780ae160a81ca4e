import { tf } from '../tf';
import { DEFAULT_ADAMW } from '../train/adamw';

/**
 * How a language's dense gradient becomes its shadow update: 'sgd' uses the gradient as is;
 * 'adam' normalises it like Adam (own first and second moments per language and weight, the
 * engine's AdamW betas and epsilon), so the shadow moves at the rate real weights move.
 */
export type ShadowOptimizer = 'sgd' | 'adam';

export class ShadowDirection {
  private readonly moments = new Map<
    string,
    { m: Map<string, tf.Tensor>; v: Map<string, tf.Tensor>; t: number }
  >();

  constructor(readonly kind: ShadowOptimizer) {}

  /** Start language `language`'s next update (advances its Adam step count). */
  begin(language: string): void {
    const state = this.moments.get(language) ?? { m: new Map(), v: new Map(), t: 0 };
    state.t++;
    this.moments.set(language, state);
  }

  /** The update direction for one tensor's gradient; call inside a tidy (moments are kept). */
  direction(language: string, name: string, g: tf.Tensor): tf.Tensor {
    if (this.kind === 'sgd') return g;
    const { beta1, beta2, eps } = DEFAULT_ADAMW;
    const state = this.moments.get(language);
    if (!state) throw new Error(`shadow update of '${language}' before begin()`);
    const m0 = state.m.get(name);
    const v0 = state.v.get(name);
    const m = tf.keep(tf.add(tf.mul(m0 ?? tf.zerosLike(g), beta1), tf.mul(g, 1 - beta1)));
    const v = tf.keep(tf.add(tf.mul(v0 ?? tf.zerosLike(g), beta2), tf.mul(tf.square(g), 1 - beta2)));
    m0?.dispose();
    v0?.dispose();
    state.m.set(name, m);
    state.v.set(name, v);
    const mHat = tf.div(m, 1 - beta1 ** state.t);
    const vHat = tf.div(v, 1 - beta2 ** state.t);
    return tf.div(mHat, tf.add(tf.sqrt(vHat), eps));
  }

  dispose(): void {
    for (const { m, v } of this.moments.values()) [...m.values(), ...v.values()].forEach((t) => t.dispose());
    this.moments.clear();
  }
}
