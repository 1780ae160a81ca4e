export {
  RnntConfigSchema,
  PredictorConfigSchema,
  RNNT_PRESETS,
  parseRnntConfig,
  presetConfig,
  subsampledFeatureDim,
} from './config';
export type { RnntConfig, RnntConfigInput, PredictorConfig, RnntPresetName } from './config';
export {
  parameterSpecs,
  parameterCount,
  initParams,
  disposeParams,
  applyMasks,
  param,
  predictorOutputDim,
} from './params';
export type { ParamMap, ParamSource, ParamSpec, ParamInit } from './params';
export { SeededRandom, deriveSeed } from './random';
export { Dropout, NO_DROPOUT, linear, layerNorm } from './layers';
export { subsample, subsampledLength, subsamplingGeometry } from './subsampling';
export { multiHeadAttention } from './attention';
export { fullLayout, segmentLayout, attentionBias, convTaps, HIDDEN } from './layout';
export type { EncoderRow } from './layout';
export { blockForward } from './block';
export type { BlockInputs } from './block';
export { encode, checkFeatureBatch } from './encoder';
export type { EncoderOutput } from './encoder';
export { StreamingEncoder } from './streaming-encoder';
export { predict, statelessFromContexts, lstmStep, zeroLstmState, embedTokens } from './predictor';
export type { LstmState } from './predictor';
export { join, projectEncoder, projectPredictor, joinerLogits } from './joiner';
export { rnntLogits, rnntBatchLoss } from './rnnt-model';
export type { RnntBatch, BatchLossOptions } from './rnnt-model';
export { addSimpleJoiner, isSimpleJoinerParam, simpleJoinerSpecs, simpleAm, simpleLm } from './simple-joiner';
export { prunedBatchLoss } from './pruned-batch-loss';
export type { PrunedBatchOptions } from './pruned-batch-loss';
