export { openStore, openStoreReadOnly, openDatabase, type Store } from './db';
export { migrate, schemaVersion } from './migrate';
export { MIGRATIONS, LATEST_SCHEMA_VERSION } from './migrations';
export { homeLayout, resolveHome, type HomeLayout } from './home';
export type { DatasetImport, DatasetStats } from './repos/datasets';
export type { NewRun } from './repos/runs';
export type { NewJob } from './repos/jobs';
export type {
  HypothesisRecord,
  NewEvaluation,
  StoredHypothesis,
  TimedToken,
  UtteranceCounts,
} from './repos/evaluations';
export { newId, nowIso } from './ids';
