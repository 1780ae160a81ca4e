export {
  buildDemoCorpus,
  DEMO_MANIFEST,
  DEMO_SAMPLE_RATE,
  type BuildDemoOptions,
  type DemoBuildResult,
} from './build';
export {
  planDemoCorpus,
  demoCounts,
  DEFAULT_DEMO_HOURS,
  TRAIN_WEIGHTS,
  type DemoPlan,
  type DemoUtterance,
} from './plan';
export { checkEspeak } from './espeak';
export { espeakInstallHint, findEspeak, ESPEAK_WINDOWS_URL } from './espeak-locate';
export type { DemoVoice } from './voices';
