import type { SafeTensorMap } from '../io/safetensors';
import { safeTensor } from '../io/safetensors';
import type { AdamUpdateAttrs } from '../kernels/adam-update';
import { adamUpdate, hasAdamUpdate, registerCpuAdamUpdate } from '../kernels/adam-update';
import type { ParamMap } from '../model/params';
import { tf } from '../tf';

export interface AdamWOptions {
  /** Learning rate used when a step does not give one. */
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  /** Decoupled weight decay (AdamW); 0 gives Adam. */
  weightDecay: number;
  /** Parameters that get no weight decay (default: biases, norms, embeddings). */
  noDecay: (name: string) => boolean;
}

export const DEFAULT_ADAMW: AdamWOptions = {
  lr: 1e-3,
  beta1: 0.9,
  beta2: 0.98,
  eps: 1e-8,
  weightDecay: 0,
  noDecay: (name) => /(\.bias|_norm\.|\.norm\.|embedding)/.test(name),
};

export interface StepOptions {
  /** Learning rate of this step (default: the optimizer's `lr`). */
  lr?: number;
  /**
   * 0/1 masks shaped like their parameter: where 0, the parameter and its m and v stay
   * bit-for-bit unchanged (selected with tf.where, so nothing is rescaled), decay included.
   */
  updateMasks?: ReadonlyMap<string, tf.Tensor>;
}

/** The update in tfjs ops, for backends without the fused kernel (same arithmetic, float32 per op). */
function compositeUpdate(
  p: tf.Tensor,
  g: tf.Tensor,
  m: tf.Tensor,
  v: tf.Tensor,
  mask: tf.Tensor | undefined,
  attrs: AdamUpdateAttrs,
): [tf.Tensor, tf.Tensor, tf.Tensor] {
  const { lr, beta1, beta2, eps, correction1, correction2, weightDecay } = attrs;
  const mNew = tf.add(tf.mul(m, beta1), tf.mul(g, 1 - beta1));
  const vNew = tf.add(tf.mul(v, beta2), tf.mul(tf.square(g), 1 - beta2));
  const direction = tf.div(tf.div(mNew, correction1), tf.add(tf.sqrt(tf.div(vNew, correction2)), eps));
  const decayed = weightDecay > 0 ? tf.add(direction, tf.mul(p, weightDecay)) : direction;
  const pNew = tf.sub(p, tf.mul(decayed, lr));
  if (!mask) return [pNew, mNew, vNew];
  const keep = tf.greater(mask, 0);
  return [tf.where(keep, pNew, p), tf.where(keep, mNew, m), tf.where(keep, vNew, v)];
}

/**
 * Adam with decoupled weight decay over a named parameter map. State (m, v per parameter and the
 * step count) is held as variables and can be exported/imported as named tensors:
 * `optimizer.m.<param>`, `optimizer.v.<param>`, `optimizer.step`.
 */
export class AdamW {
  readonly options: AdamWOptions;
  private readonly m = new Map<string, tf.Variable>();
  private readonly v = new Map<string, tf.Variable>();
  private steps = 0;

  constructor(
    private readonly params: ParamMap,
    options: Partial<AdamWOptions> = {},
  ) {
    this.options = { ...DEFAULT_ADAMW, ...options };
    registerCpuAdamUpdate();
    for (const [name, p] of params) {
      this.m.set(name, tf.variable(tf.zerosLike(p), false));
      this.v.set(name, tf.variable(tf.zerosLike(p), false));
    }
  }

  /** Updates applied so far. */
  get stepCount(): number {
    return this.steps;
  }

  /** Apply one update from the named gradients (parameters without a gradient are left alone). */
  step(grads: ReadonlyMap<string, tf.Tensor>, options: StepOptions = {}): void {
    const { beta1, beta2, eps, weightDecay, noDecay } = this.options;
    const { lr = this.options.lr, updateMasks } = options;
    for (const name of grads.keys())
      if (!this.params.has(name)) throw new Error(`gradient '${name}' names no parameter`);
    this.steps += 1;
    const correction1 = 1 - Math.pow(beta1, this.steps);
    const correction2 = 1 - Math.pow(beta2, this.steps);
    const fused = hasAdamUpdate();
    for (const [name, p] of this.params) {
      const g = grads.get(name);
      if (!g) continue;
      const m = this.m.get(name)!;
      const v = this.v.get(name)!;
      const mask = updateMasks?.get(name);
      if (mask && !tf.util.arraysEqual(mask.shape, p.shape)) {
        throw new Error(`update mask '${name}' has shape [${mask.shape}], parameter has [${p.shape}]`);
      }
      const decay = weightDecay > 0 && !noDecay(name) ? weightDecay : 0;
      tf.tidy(() => {
        const attrs = { lr, beta1, beta2, eps, correction1, correction2, weightDecay: decay };
        const [pNew, mNew, vNew] = fused
          ? adamUpdate({ param: p, grad: g, m, v, mask }, attrs)
          : compositeUpdate(p, g, m, v, mask, attrs);
        p.assign(pNew);
        m.assign(mNew);
        v.assign(vNew);
      });
    }
  }

  /** Start over as a fresh optimizer would: every moment 0, no updates applied (LTH's optional reset on rewind). */
  reset(): void {
    for (const t of [...this.m.values(), ...this.v.values()]) tf.tidy(() => t.assign(tf.zerosLike(t)));
    this.steps = 0;
  }

  /** State as named arrays, ready for safetensors, read with awaited `data()` (any backend, webgpu included). */
  async exportState(): Promise<SafeTensorMap> {
    const out: SafeTensorMap = new Map();
    for (const [name, m] of this.m) {
      out.set(`optimizer.m.${name}`, safeTensor((await m.data()) as Float32Array, [...m.shape]));
      out.set(
        `optimizer.v.${name}`,
        safeTensor((await this.v.get(name)!.data()) as Float32Array, [...m.shape]),
      );
    }
    out.set('optimizer.step', safeTensor(Int32Array.of(this.steps), [1]));
    return out;
  }

  /** Check a saved state against this optimizer; returns the first problem, naming the tensor. */
  checkState(state: SafeTensorMap): string | undefined {
    if (state.get('optimizer.step')?.dtype !== 'I32') return `tensor 'optimizer.step' is missing or not I32`;
    for (const [name, m] of this.m) {
      for (const key of [`optimizer.m.${name}`, `optimizer.v.${name}`]) {
        const saved = state.get(key);
        if (!saved) return `tensor '${key}' is missing`;
        if (!tf.util.arraysEqual(saved.shape, m.shape))
          return `tensor '${key}' has shape [${saved.shape}], expected [${m.shape}]`;
      }
    }
    return undefined;
  }

  /** Restore a state exported by exportState (validate with checkState first). */
  importState(state: SafeTensorMap): void {
    const problem = this.checkState(state);
    if (problem) throw new Error(`optimizer state: ${problem}`);
    for (const [name, m] of this.m) {
      for (const [kind, target] of [
        ['m', m],
        ['v', this.v.get(name)!],
      ] as const) {
        const saved = state.get(`optimizer.${kind}.${name}`)!;
        tf.tidy(() => target.assign(tf.tensor(saved.data as Float32Array, saved.shape)));
      }
    }
    this.steps = state.get('optimizer.step')!.data[0];
  }

  dispose(): void {
    for (const t of [...this.m.values(), ...this.v.values()]) t.dispose();
  }
}
