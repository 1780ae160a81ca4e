import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { continueSchedule, LrScheduleSchema, type LrSchedule } from '../../engine';
import type { Run } from '../../shared/api';
import type { Store } from '../../store';
import { writeFileAtomic } from '../checkpoint';
import { COMPUTE_METRICS } from './compute';
import { runFolder } from './run-model';
import { scheduleOf, TrainingFieldsSchema, type TrainingFieldValues } from './training-options';

/** The file a training job writes its resolved learning-rate schedule to, in its run's folder. */
const SCHEDULE_FILE = 'schedule.json';

/** The schedule a run trained with: as its training job recorded it, else (older runs) its config's. */
export function runSchedule(store: Store, run: Run): LrSchedule {
  const path = join(runFolder(store.layout.root, run.id), SCHEDULE_FILE);
  if (existsSync(path)) return LrScheduleSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
  const fields = TrainingFieldsSchema.pick({ schedule: true, steps: true, scale: true }).parse(run.config);
  return LrScheduleSchema.parse(scheduleOf(fields));
}

/** Updates a run's training applied: its recorded `train_steps`, else its last loss step. */
function completedSteps(store: Store, run: Run): number {
  const steps = store.runs.lastMetric(run.id, COMPUTE_METRICS.steps)?.value;
  return steps ?? store.runs.lastMetric(run.id, 'loss')?.step ?? 0;
}

/**
 * The learning-rate schedule of a run's training. A configured `schedule` is used as it is. A run that starts
 * from the weights of `from` (fine-tuning: Dense + F, LAP, LSP, pathways) with `finetune.schedule: 'continue'`
 * (default) continues that run's schedule after the steps it trained, from its final learning rate, after an
 * optional warm-up of `finetune.warmupSteps`; with 'rewarm', and for training from scratch, the default schedule
 * warms up to its peak again.
 */
export function trainingSchedule(
  store: Store,
  payload: Pick<TrainingFieldValues, 'schedule' | 'steps' | 'scale' | 'finetune'>,
  from?: Run,
): LrSchedule {
  if (payload.schedule || !from || payload.finetune.schedule === 'rewarm')
    return LrScheduleSchema.parse(scheduleOf(payload));
  return continueSchedule(
    runSchedule(store, from),
    completedSteps(store, from),
    payload.finetune.warmupSteps,
  );
}

/** Record the schedule a run trains with, so runs fine-tuned from it can continue it. */
export function saveRunSchedule(home: string, runId: string, schedule: LrSchedule): void {
  const dir = runFolder(home, runId);
  mkdirSync(dir, { recursive: true });
  writeFileAtomic(join(dir, SCHEDULE_FILE), JSON.stringify(schedule, null, 2));
}
