/**
 * Loss and gradients of a batch without a synchronous device read, for backends that have none (webgpu):
 *  1. a forward off the tape gives each lattice's transition log-probabilities [B, T', W, 2]
 *     (model/lattice-terms.ts), read with one `await data()` per lattice — never the [B, T', U+1, V] logits;
 *  2. the lattices run on the CPU (loss/band-lattice.ts): losses and occupations. The pruned loss reads its
 *     simple lattice first, since that lattice's occupations choose the band (prune-ranges.ts) read next;
 *  3. a second forward, on the tape, takes the gradient of the surrogate Σ_terms scale · Σ_cells −occ / B ·
 *     log-prob, which is the gradient of the mean loss; the loss value is the lattices' own.
 * Dropout draws the same masks in both forwards (Dropout.replay). The cost is the second forward (docs/architecture.md).
 */
import { diagonalBandStarts } from '../loss/rnnt-band';
import { bandLattice, type BandLatticeResult } from '../loss/band-lattice';
import { pruneRanges } from '../loss/prune-ranges';
import { dims } from '../model/layers';
import { termLogProbs, type LatticeTerm, type TermInputs } from '../model/lattice-terms';
import { applyMasks, type ParamMap, type ParamSource } from '../model/params';
import { gradsAtMaskedWeights, NonFiniteLoss } from '../pathways/masked-gradients';
import { encodeAndPredict, type RnntBatch } from '../model/rnnt-model';
import type { RnntConfig } from '../model/config';
import { tf } from '../tf';
import type { LossAndGradsOptions } from './loss-and-grads';
import { namedGrads } from './named-grads';

interface WeightedTerm {
  term: LatticeTerm;
  /** −scale · occupation / B per cell, [B, T', W, 2]: the surrogate's constant factor. */
  weights: Float32Array;
}

function effectiveParams(params: ParamSource, options: LossAndGradsOptions): ParamSource {
  return options.masks ? applyMasks(params, options.masks) : params;
}

function forward(config: RnntConfig, params: ParamSource, batch: RnntBatch, options: LossAndGradsOptions) {
  return encodeAndPredict(config, params, batch, options.dropout?.replay());
}

/** Steps 1–2: the lattices' terms with their weights, and the loss. */
async function readLattices(
  config: RnntConfig,
  params: ParamSource,
  batch: RnntBatch,
  targets: Int32Array,
  options: LossAndGradsOptions,
): Promise<{ terms: WeightedTerm[]; loss: number }> {
  const [B, U] = dims(batch.targets);
  const effective = effectiveParams(params, options);
  let logitLengths: Int32Array = new Int32Array(0);
  const [encoded, predicted] = tf.tidy(() => {
    const f = forward(config, effective, batch, options);
    logitLengths = f.logitLengths;
    return [f.encoded, f.predicted];
  });
  const T = dims(encoded)[1];
  const targetLengths = Int32Array.from(batch.targetLengths);
  const inputs: TermInputs = { params: effective, encoded, predicted, targets, logitLengths, targetLengths };
  const terms: WeightedTerm[] = [];
  let loss = 0;
  const read = async (term: LatticeTerm): Promise<BandLatticeResult> => {
    const width = term.kind === 'joint' ? term.width : U + 1;
    const logProbs = termLogProbs(term, inputs);
    const values = await logProbs.data();
    logProbs.dispose();
    const starts = term.kind === 'joint' ? term.starts : undefined;
    const result = bandLattice({
      logProbs: values,
      shape: [B, T, width, U],
      starts,
      logitLengths,
      targetLengths,
    });
    loss += (term.scale * result.lattice.losses.reduce((sum, l) => sum + l, 0)) / B;
    const weights = result.occupancy.map((occ) => (-term.scale * occ) / B);
    terms.push({ term, weights });
    return result;
  };
  try {
    const pruned = options.pruned;
    if (pruned) {
      const { lmScale, amScale } = pruned;
      const simple = await read({ kind: 'simple', scale: pruned.simpleLossScale, lmScale, amScale });
      const ranges = pruneRanges({
        ...simple.lattice,
        shape: [B, T, U + 1],
        logitLengths,
        targetLengths,
        range: pruned.pruneRange,
      });
      pruned.onRanges?.(ranges);
      if (pruned.prunedScale !== 0) {
        await read({ kind: 'joint', scale: pruned.prunedScale, width: ranges.range, starts: ranges.starts });
      }
    } else if (options.band !== undefined) {
      const starts = diagonalBandStarts(logitLengths, targetLengths, T, options.band);
      await read({ kind: 'joint', scale: 1, width: options.band, starts });
    } else await read({ kind: 'joint', scale: 1, width: U + 1 });
  } finally {
    tf.dispose([encoded, predicted]);
    for (const [name, value] of effective) if (value !== params.get(name)) value.dispose();
  }
  return { terms, loss };
}

/** Mean loss of a batch (full, band-limited or pruned) and its gradients, reading the device only asynchronously. */
export async function readLatticeLossAndGrads(
  config: RnntConfig,
  params: ParamMap,
  batch: RnntBatch,
  options: LossAndGradsOptions,
): Promise<{ loss: number; grads: Map<string, tf.Tensor> }> {
  const targets = (await batch.targets.data()) as Int32Array;
  const { terms, loss } = await readLattices(config, params, batch, targets, options);
  const { value, grads } = namedGrads(params, () =>
    surrogate(config, effectiveParams(params, options), batch, targets, terms, options),
  );
  value.dispose();
  return { loss, grads };
}

/** Step 3's surrogate Σ_terms scale · Σ_cells −occ / B · log-prob under `effective`, whose gradient is the loss's. */
function surrogate(
  config: RnntConfig,
  effective: ParamSource,
  batch: RnntBatch,
  targets: Int32Array,
  terms: readonly WeightedTerm[],
  options: LossAndGradsOptions,
): tf.Scalar {
  const targetLengths = Int32Array.from(batch.targetLengths);
  const { encoded, predicted, logitLengths } = forward(config, effective, batch, options);
  const inputs = { params: effective, encoded, predicted, targets, logitLengths, targetLengths };
  const parts = terms.map(({ term, weights }) => {
    const logProbs = termLogProbs(term, inputs);
    return tf.sum(tf.mul(logProbs, tf.tensor(weights, logProbs.shape)));
  });
  return tf.addN(parts) as tf.Scalar;
}

/**
 * The pathways form of {@link readLatticeLossAndGrads} (pathways/masked-gradients.ts's contract): the loss under
 * θ ⊙ m and its gradient with respect to the masked weights w = θ ⊙ m, dense (pruned weights get ∇_w L too), for
 * every parameter (zeros where none reaches the loss). `params` may be plain tensors (dynamic pathways' adjust
 * copy). Throws {@link NonFiniteLoss} when the loss is not finite.
 */
export async function readLatticeMaskedLossAndGrads(
  config: RnntConfig,
  params: ParamSource,
  masks: ReadonlyMap<string, tf.Tensor> | undefined,
  batch: RnntBatch,
  options: Omit<LossAndGradsOptions, 'masks'>,
): Promise<{ loss: number; grads: Map<string, tf.Tensor> }> {
  const targets = (await batch.targets.data()) as Int32Array;
  const withMasks = { ...options, masks };
  const { terms, loss } = await readLattices(config, params, batch, targets, withMasks);
  if (!Number.isFinite(loss)) throw new NonFiniteLoss(loss);
  const { value, grads } = gradsAtMaskedWeights(params, masks, (view) =>
    surrogate(config, view, batch, targets, terms, withMasks),
  );
  value.dispose();
  return { loss, grads };
}
