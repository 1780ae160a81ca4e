export { CmvnStats, type CmvnApplyOptions, type CmvnStatsJson } from './cmvn';
export {
  decodeFeatures,
  encodeFeatures,
  featureCacheKey,
  featureCachePath,
  getOrComputeFeatures,
  type CachedFeatures,
} from './cache';
export {
  extractFeatures,
  extractFeaturesFromBytes,
  type ExtractedFeatures,
  type FeatureOptions,
} from './extract';
export { Fft, RealFft } from './fft';
export {
  frameCount,
  htkMel,
  logMel,
  LogMelExtractor,
  LOGMEL_DEFAULTS,
  resolveLogMelOptions,
  type LogMel,
  type LogMelOptions,
  type ResolvedLogMelOptions,
} from './logmel';
export { gaussian, mulberry32, randomInt } from './rng';
export { specAugment, SPECAUGMENT_DEFAULTS, type SpecAugmentOptions } from './specaugment';
export { SPEED_FACTORS, speedPerturb } from './speed-perturb';
