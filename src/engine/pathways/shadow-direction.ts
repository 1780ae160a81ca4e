import { tf } from '../tf';
import { safeTensor } from '../io/safetensors';
import type { SafeTensorMap } from '../io/safetensors';
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

  /** Moments as named arrays (`<prefix>m/<lang>/<name>`, `<prefix>v/…`) and the step count per language. */
  async exportState(prefix: string): Promise<{ tensors: SafeTensorMap; steps: Record<string, number> }> {
    const tensors: SafeTensorMap = new Map();
    const steps: Record<string, number> = {};
    for (const [language, state] of this.moments) {
      steps[language] = state.t;
      for (const [kind, buffers] of [
        ['m', state.m],
        ['v', state.v],
      ] as const) {
        for (const [name, t] of buffers) {
          tensors.set(
            `${prefix}${kind}/${language}/${name}`,
            safeTensor(Float32Array.from(await t.data()), [...t.shape]),
          );
        }
      }
    }
    return { tensors, steps };
  }

  /** Restore what {@link exportState} wrote (replaces the current moments). */
  importState(prefix: string, tensors: SafeTensorMap, steps: Record<string, number>): void {
    this.dispose();
    for (const [language, t] of Object.entries(steps))
      this.moments.set(language, { m: new Map(), v: new Map(), t });
    for (const [key, saved] of tensors) {
      if (!key.startsWith(prefix)) continue;
      const [kind, language, ...rest] = key.slice(prefix.length).split('/');
      const state = this.moments.get(language);
      if (!state || (kind !== 'm' && kind !== 'v')) throw new Error(`unexpected shadow moment '${key}'`);
      state[kind].set(rest.join('/'), tf.tensor(saved.data as Float32Array, saved.shape));
    }
  }

  dispose(): void {
    for (const { m, v } of this.moments.values()) [...m.values(), ...v.values()].forEach((t) => t.dispose());
    this.moments.clear();
  }
}
