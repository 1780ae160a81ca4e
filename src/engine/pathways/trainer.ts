import { tf } from '../tf';
import type { ParamMap } from '../model/params';
import { MaskSet } from '../prune/mask-set';
import { zeroPruned } from '../prune/magnitude';
import { clipByGlobalNorm } from '../train/clip';
import type { LossFn, MaskedGradsFn } from './loss-fn';
import { maskedLossAndGrads } from './masked-gradients';
import type { MaskedOptimizer } from './masked-optimizer';

/** One mini-batch of one language and its weight in the step's gradient. */
export interface LanguageBatch<B> {
  language: string;
  batch: B;
  share: number;
}

export interface PathwayGradients {
  /** Σ_l share_l · m_l ⊙ ∇L_l for every parameter (non-prunable ones unmasked). */
  combined: Map<string, tf.Tensor>;
  /**
   * Per language, Σ share · ∇_w L_l with respect to the masked weights w = θ ⊙ m_l of the prunable
   * tensors: dense, so pruned weights see their gradient too (for dynamic pathways). Only when asked.
   */
  dense?: Map<string, Map<string, tf.Tensor>>;
  /** Mean loss per language over its batches in this step. */
  losses: Map<string, number>;
  /** Σ share · loss. */
  loss: number;
}

/** Learning rate of the step, and the global gradient norm to clip to (none by default). */
export interface StepOptions {
  lr: number;
  clipNorm?: number;
}

export interface PathwayTrainerOptions<B> {
  params: ParamMap;
  masks: ReadonlyMap<string, MaskSet>;
  loss: LossFn<B>;
  /**
   * How a batch's loss and its gradient with respect to θ ⊙ m are taken; default {@link maskedLossAndGrads} of
   * `loss` (one forward on the tape). The training loop passes the lattice-reading step on webgpu
   * (train/read-lattice-step.ts), whose loss op cannot read the device synchronously.
   */
  grads?: MaskedGradsFn<B>;
  optimizer: MaskedOptimizer;
}

function disposeAll(map: Map<string, tf.Tensor>): void {
  map.forEach((t) => t.dispose());
}

/**
 * ASR pathways training: one shared parameter map, one mask per language. Language l's forward pass
 * uses θ ⊙ m_l, so its gradient reaching θ is m_l ⊙ ∇L_l; a step sums the languages' gradients
 * weighted by batch share and takes one optimizer step restricted to the union of the masks of the
 * languages present, so no weight (and no optimizer moment) outside those masks moves. Weights
 * outside the union of all masks are set to 0 on construction (and {@link setMasks}) and stay 0.
 */
export class PathwayTrainer<B> {
  readonly params: ParamMap;
  /** A batch's loss and gradient with respect to θ ⊙ m (masks by name, none: θ). */
  readonly maskedGrads: MaskedGradsFn<B>;
  private readonly optimizer: MaskedOptimizer;
  private maskSets = new Map<string, MaskSet>();
  private maskTensorMap = new Map<string, Map<string, tf.Tensor>>();
  private updateMaskCache = new Map<string, Map<string, tf.Tensor>>();

  constructor(options: PathwayTrainerOptions<B>) {
    this.params = options.params;
    const loss = options.loss;
    this.maskedGrads =
      options.grads ?? ((params, masks, batch) => maskedLossAndGrads(params, masks, loss, batch));
    this.optimizer = options.optimizer;
    this.setMasks(options.masks);
  }

  get languages(): string[] {
    return [...this.maskSets.keys()];
  }

  masks(): ReadonlyMap<string, MaskSet> {
    return this.maskSets;
  }

  mask(language: string): MaskSet {
    const m = this.maskSets.get(language);
    if (!m) throw new Error(`no pathway for language '${language}' (have: ${this.languages.join(', ')})`);
    return m;
  }

  /** Language l's masks as 0/1 float tensors (owned by the trainer; valid until the masks change). */
  maskTensors(language: string): ReadonlyMap<string, tf.Tensor> {
    this.mask(language);
    return this.maskTensorMap.get(language)!;
  }

  union(): MaskSet {
    return MaskSet.unionAll([...this.maskSets.values()]);
  }

  /** Replace the masks (same tensors for every language); weights outside the new union become 0. */
  setMasks(masks: ReadonlyMap<string, MaskSet>): void {
    const sets = [...masks.values()];
    if (sets.length === 0) throw new Error('pathways need at least one language mask');
    for (const [language, m] of masks) {
      try {
        m.validateAgainst(this.params);
        m.checkSameTensors(sets[0]);
      } catch (error) {
        throw new Error(`mask of language '${language}': ${(error as Error).message}`);
      }
    }
    this.disposeMasks();
    this.maskSets = new Map([...masks].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    for (const [language, m] of this.maskSets) this.maskTensorMap.set(language, m.toTensors());
    zeroPruned(this.params, this.union());
  }

  /** Gradients of a step; the caller disposes the returned tensors (or passes them to {@link applyGradients}). */
  async computeGradients(
    batches: readonly LanguageBatch<B>[],
    options: { dense?: boolean } = {},
  ): Promise<PathwayGradients> {
    if (batches.length === 0) throw new Error('a pathways step needs at least one batch');
    for (const { language, share } of batches) {
      if (!this.maskTensorMap.has(language)) {
        throw new Error(
          `batch of language '${language}' has no pathway (have: ${this.languages.join(', ')})`,
        );
      }
      if (!Number.isFinite(share) || share < 0)
        throw new Error(`share of language '${language}' must be ≥ 0, got ${share}`);
    }
    const names = [...this.params.keys()];
    const combined = new Map<string, tf.Tensor>(names.map((n) => [n, tf.zerosLike(this.params.get(n)!)]));
    const dense = options.dense ? new Map<string, Map<string, tf.Tensor>>() : undefined;
    const lossSums = new Map<string, { sum: number; count: number }>();
    let loss = 0;
    for (const { language, batch, share } of batches) {
      const masks = this.maskTensorMap.get(language)!;
      let result: Awaited<ReturnType<MaskedGradsFn<B>>>;
      try {
        result = await this.maskedGrads(this.params, masks, batch);
      } catch (error) {
        disposeAll(combined);
        dense?.forEach(disposeAll);
        throw error;
      }
      const { loss: lossValue, grads } = result;
      loss += share * lossValue;
      const entry = lossSums.get(language) ?? { sum: 0, count: 0 };
      lossSums.set(language, { sum: entry.sum + lossValue, count: entry.count + 1 });
      for (const n of names) {
        const g = grads.get(n)!;
        const mask = masks.get(n);
        const next = tf.tidy(() => tf.add(combined.get(n)!, tf.mul(share, mask ? tf.mul(mask, g) : g)));
        combined.get(n)!.dispose();
        combined.set(n, next);
        if (dense && mask) {
          const perLanguage = dense.get(language) ?? new Map<string, tf.Tensor>();
          dense.set(language, perLanguage);
          const prev = perLanguage.get(n);
          perLanguage.set(
            n,
            tf.tidy(() => (prev ? tf.add(prev, tf.mul(share, g)) : tf.mul(share, g))),
          );
          prev?.dispose();
        }
      }
      disposeAll(grads);
    }
    const losses = new Map([...lossSums].map(([l, s]) => [l, s.sum / s.count]));
    return { combined, dense, losses, loss };
  }

  /**
   * One optimizer step restricted to the union of the masks of `languages`, after optional clipping
   * to a global norm (a scalar scale, so masked-out gradients stay 0); disposes `grads`. Returns the
   * gradient norm before clipping when clipping is on.
   */
  async applyGradients(
    grads: Map<string, tf.Tensor>,
    languages: readonly string[],
    options: StepOptions,
  ): Promise<number | undefined> {
    let toApply = grads;
    let norm: number | undefined;
    try {
      if (options.clipNorm !== undefined) {
        const clipped = await clipByGlobalNorm(grads, options.clipNorm);
        toApply = clipped.grads;
        norm = clipped.norm;
      }
      this.optimizer.step(toApply, { lr: options.lr, updateMasks: this.updateMasks(languages) });
    } finally {
      disposeAll(grads);
      if (toApply !== grads) disposeAll(toApply);
    }
    return norm;
  }

  /** One training step: per-language masked gradients, summed by share, one masked optimizer step. */
  async step(
    batches: readonly LanguageBatch<B>[],
    options: StepOptions,
  ): Promise<{ loss: number; losses: Map<string, number>; gradNorm?: number }> {
    const { combined, loss, losses } = await this.computeGradients(batches);
    const gradNorm = await this.applyGradients(
      combined,
      batches.map((b) => b.language),
      options,
    );
    return { loss, losses, gradNorm };
  }

  private updateMasks(languages: readonly string[]): Map<string, tf.Tensor> {
    const present = [...new Set(languages)].sort();
    const key = present.join('\n');
    let cached = this.updateMaskCache.get(key);
    if (!cached) {
      cached = MaskSet.unionAll(present.map((l) => this.mask(l))).toTensors();
      this.updateMaskCache.set(key, cached);
    }
    return cached;
  }

  private disposeMasks(): void {
    this.maskTensorMap.forEach(disposeAll);
    this.updateMaskCache.forEach(disposeAll);
    this.maskTensorMap.clear();
    this.updateMaskCache.clear();
  }

  /** Free the trainer's mask tensors (the parameters stay). */
  dispose(): void {
    this.disposeMasks();
  }
}
