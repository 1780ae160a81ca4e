import type { Job, JobState } from '../shared/api';
import type { Store } from '../store';
import type { EventHub } from './api/events';

/** States in which a job will not change again without someone acting on it. */
export const SETTLED_STATES: readonly JobState[] = ['succeeded', 'failed', 'cancelled', 'blocked', 'paused'];

/** Resolve with the job once it is settled (see SETTLED_STATES), following `job.updated` events. */
export function waitForJob(hub: EventHub, store: Store, jobId: string): Promise<Job> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const job = store.jobs.get(jobId);
      if (!job) {
        unsubscribe();
        reject(new Error(`job ${jobId} disappeared`));
        return true;
      }
      if (!SETTLED_STATES.includes(job.state)) return false;
      unsubscribe();
      resolve(job);
      return true;
    };
    const unsubscribe = hub.subscribe((event, payload) => {
      if (event === 'job.updated' && (payload as Job).id === jobId) check();
    });
    check();
  });
}
