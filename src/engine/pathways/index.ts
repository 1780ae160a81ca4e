export { PathwayTrainer } from './trainer';
export type {
  LanguageBatch,
  PathwayGradients,
  PathwayTrainerOptions,
  StepOptions as PathwayStepOptions,
} from './trainer';
export type { LossFn } from './loss-fn';
export type { MaskedOptimizer } from './masked-optimizer';
export { maskedLossAndGrads } from './masked-gradients';
export { applyMask } from './apply-mask';
export type { MaskedView } from './apply-mask';
export { LanguageSampler, languageWeights, checkLanguageData } from './language-sampler';
export type { SamplingScheme, SamplerOptions } from './language-sampler';
export { ShadowDirection } from './shadow-direction';
export type { ShadowOptimizer } from './shadow-direction';
export { DynamicPathways, reevaluationSteps, maskHistory } from './dynamic';
export { resetMoments } from './reset-moments';
export type {
  DynamicScore,
  DynamicOptions,
  AdjustOptions,
  Reevaluation,
  LanguageMaskChange,
} from './dynamic';
export {
  SparsitySchema,
  PrunableSelectionSchema,
  PruneScopeSchema,
  SamplingSchema,
  RewindSchema,
  DynamicSchema,
  PathwaysConfigSchema,
  checkConfig,
  parseConfig,
  dynamicSchedule,
} from './configs';
export type { PathwaysConfig, DynamicConfig, SamplingConfig, ConfigIssue } from './configs';
export { checkPathwaysInputs } from './inputs';
