import type { Job, JobState } from '../../src/shared/api';
import { nowIso, type Store } from '../../src/store';

/**
 * Put a job into a state directly, as if its supervisor had run it there: start and finish times and the
 * attempt count follow the state. Tests only — it bypasses the claim protocol the supervisor uses.
 */
export function forceJobState(
  store: Store,
  id: string,
  state: JobState,
  extra: { error?: string | null } = {},
): Job {
  const now = nowIso();
  const started = state === 'running' ? now : null;
  const finished = ['succeeded', 'failed', 'cancelled', 'blocked'].includes(state) ? now : null;
  store.db
    .prepare(
      `UPDATE jobs SET state = ?, error = ?,
         started_at = COALESCE(?, started_at),
         finished_at = CASE WHEN ? IS NULL THEN NULL ELSE ? END,
         attempts = attempts + (CASE WHEN ? = 'running' THEN 1 ELSE 0 END)
       WHERE id = ?`,
    )
    .run(state, extra.error ?? null, started, finished, finished, state, id);
  const job = store.jobs.get(id);
  if (!job) throw new Error(`no job ${id}`);
  return job;
}
