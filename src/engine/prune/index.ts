export { MaskSet, checkShapes } from './mask-set';
export type { Mask, MaskEncoding, SparsityCount } from './mask-set';
export { packBits, unpackBits } from './bit-pack';
export { DEFAULT_PRUNABLE, selectPrunable, layerOf } from './prunable';
export type { PrunableSelection } from './prunable';
export { checkSparsity, keptCount } from './sparsity';
export { elementCount, shapesOf, readParams } from './param-map';
export type { ParamMap, TensorData } from './param-map';
export { pruneByScore, magnitudes, magnitudePrune, readMasked, pruneParams, zeroPruned } from './magnitude';
export type { PruneScope, PruneOptions } from './magnitude';
export { randomMaskSet, randomPathwayMasks } from './random-mask';
export { parameterCounts } from './parameter-counts';
export type { ParameterCounts } from './parameter-counts';
export type { TrainFn, PruneEvent } from './train-callback';
export { runOneShot } from './one-shot';
export { runImp, impPruneFraction, impKeptAfter, impRoundsFor } from './imp';
export type { ImpOptions, ImpResult, ImpResume, RewindPoint } from './imp';
export { runGradual, cubicSparsity, pruningSteps, checkCubicSchedule } from './gradual';
export type { CubicSchedule, GradualOptions } from './gradual';
export { overlapReport } from './overlap';
export type { OverlapReport, MaskHistoryEntry } from './overlap';
export {
  sparseModelContent,
  decodeSparseModel,
  pathwaysArtifactContent,
  decodePathwaysArtifact,
  exportSize,
} from './sparse-export';
export type { ExportSize, SafetensorsContent } from './sparse-export';
export { LapConfigSchema, LspConfigSchema, PRUNING_CONFIG_SCHEMAS, pruneDriver } from './config';
export type { LapConfig, LspConfig, PruneDriver } from './config';
