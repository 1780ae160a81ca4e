import { tf } from '../tf';
import type { ParamSource } from '../model/params';
import type { MaskSet } from '../prune/mask-set';

/** θ ⊙ m_l as a parameter source, plus how to free the masked copies (the unmasked entries are the originals). */
export interface MaskedView {
  params: ParamSource;
  dispose(): void;
}

/**
 * The parameters language l decodes with: every tensor of `mask` replaced by θ ⊙ m (pruned entries
 * exactly +0), every other parameter passed through unchanged.
 */
export function applyMask(params: ParamSource, mask: MaskSet): MaskedView {
  mask.validateAgainst(params);
  const out = new Map<string, tf.Tensor>(params);
  const created: tf.Tensor[] = [];
  for (const [name, m] of mask.masks) {
    const value = params.get(name)!;
    const masked = tf.tidy(() => tf.where(tf.tensor(m.data, m.shape, 'bool'), value, tf.zerosLike(value)));
    created.push(masked);
    out.set(name, masked);
  }
  return { params: out, dispose: () => created.forEach((t) => t.dispose()) };
}
