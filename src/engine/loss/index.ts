export { rnntLoss, rnntLossBanded, RNNT_REDUCTIONS } from './rnnt';
export type { RnntLossArgs, RnntLossBandedArgs, RnntReduction } from './rnnt';
export { rnntForward, rnntLossArrays } from './rnnt-lattice';
export type {
  FloatArray,
  IntArrayLike,
  RnntArraysResult,
  RnntForwardState,
  RnntLatticeInput,
} from './rnnt-lattice';
export { bandPositions, diagonalBandStarts } from './rnnt-band';
export { timeRnntLoss } from './rnnt-timing';
export type { RnntTiming, RnntTimingOptions } from './rnnt-timing';
