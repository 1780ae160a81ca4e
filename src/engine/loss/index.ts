/**
 * RNN-T losses. Training uses `jointRnntLoss` (joint-rnnt.ts): the joiner and the full-lattice loss fused into one
 * op, called by `rnntBatchLoss` (model/rnnt-model.ts); with a band width set it uses `rnntLossBanded` on banded
 * joiner logits instead. `rnntLoss` is the reference loss on given logits (torchaudio's conventions), which the
 * tests check the fused one against. All of them share the lattice (rnnt-lattice.ts) and the reduction and
 * gradient-scale code (reduction.ts).
 */
export { jointRnntLoss } from './joint-rnnt';
export { rnntLoss, rnntLossBanded } from './rnnt';
export type { RnntReduction } from './reduction';
export { rnntLossArrays } from './rnnt-lattice';
export { bandPositions, diagonalBandStarts } from './rnnt-band';
