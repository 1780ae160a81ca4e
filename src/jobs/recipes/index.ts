export { useBackend } from './backend';
export { pruneOldCheckpoints } from './checkpoints';
export { requireRun, runLanguages, runUtterances } from './data';
export { decodeAndScore, ratesByLanguage } from './decode';
export { devMetrics, devSubset } from './dev-set';
export { globalCmvn, loadFeatures, trainingExamples, type UtteranceFeatures } from './features';
export { devFeatures, trainingDataByLanguage } from './language-data';
export { loadMasks, saveMasks } from './masks';
export { inheritFrontEnd, parentRuns } from './parent';
export { modelConfig, sizeMatchedConfig } from './model-config';
export {
  loadFrontEnd,
  loadRunModel,
  recordModel,
  runFolder,
  saveFrontEnd,
  saveRunModel,
  type RunFrontEnd,
  type RunModel,
} from './run-model';
export { buildTokenizer, type TokenizerRecipe } from './tokenizer';
export {
  checkModelOverrides,
  SCALE_STEPS,
  scheduleOf,
  stepsOf,
  TrainingFields,
  type TrainingFieldValues,
} from './training-options';
