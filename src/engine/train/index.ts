export { AdamW } from './adamw';
export { continueSchedule, LrScheduleSchema } from './schedule';
export type { LrSchedule } from './schedule';
export type { TrainingExample } from './corpus';
export { lossAndGrads } from './loss-and-grads';
export { TrainingLoop } from './loop';
export type { LoopDynamicOptions, TrainingLoopOptions } from './loop';
export { loadWeights, saveWeights } from './checkpoint';
