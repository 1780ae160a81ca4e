/**
 * RNN-T losses. Training uses `jointRnntLoss` (joint-rnnt.ts): the joiner and the full-lattice loss fused into one
 * op, called by `rnntBatchLoss` (model/rnnt-model.ts); with a band width set it uses `rnntLossBanded` on banded
 * joiner logits instead. `rnntLoss` is the reference loss on given logits (torchaudio's conventions), which the
 * tests check the fused one against. All of them share the lattice (rnnt-lattice.ts) and the reduction and
 * gradient-scale code (reduction.ts). The pruned RNN-T loss (model/pruned-batch-loss.ts) is built from the simple
 * loss (simple-rnnt.ts on transition-lattice.ts), its pruning ranges (prune-ranges.ts) and the banded lattice;
 * its options and warm-up are in pruned-options.ts.
 */
export { jointRnntLoss } from './joint-rnnt';
export { rnntLoss, rnntLossBanded } from './rnnt';
export type { RnntReduction } from './reduction';
export { rnntLossArrays } from './rnnt-lattice';
export { bandPositions, diagonalBandStarts } from './rnnt-band';
export { simpleRnntLoss, type SimpleLoss, type SimpleLossArgs } from './simple-rnnt';
export { pruneRanges, minimumRange, type PruneRanges } from './prune-ranges';
export { transitionLattice } from './transition-lattice';
export {
  defaultPrunedWarmup,
  ICEFALL_WARM_STEP,
  PRUNED_LOSS_DEFAULTS,
  prunedLossScale,
  prunedOptionProblems,
  type PrunedLossOptions,
  type RnntLossOptions,
} from './pruned-options';
