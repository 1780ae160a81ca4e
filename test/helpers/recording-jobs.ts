import type { HandlerContext, JobService } from '../../src/jobs/api/context';
import type { Store, NewJob } from '../../src/store';
import { forceJobState } from './job-state';

/**
 * A JobService that only records what was queued: for tests of the transport and dispatch layers, whose
 * subject is the contract plumbing, not job execution (the supervisor has its own tests).
 */
export function recordingJobs(store: Store): JobService & { queued: NewJob[] } {
  const queued: NewJob[] = [];
  const job = (id: string) => {
    const found = store.jobs.get(id);
    if (!found) throw new Error(`no job ${id}`);
    return found;
  };
  return {
    queued,
    enqueue: (newJob) => {
      queued.push(newJob);
      return store.jobs.create(newJob);
    },
    cancel: (id) => forceJobState(store, job(id).id, 'cancelled'),
    pause: (id) => forceJobState(store, job(id).id, 'paused'),
    resume: (id) => forceJobState(store, job(id).id, 'queued'),
    adopt: () => {},
  };
}

/** A handler context over `store` with recording jobs, the cpu backend and no event sink: for dispatch-level tests. */
export function recordingContext(store: Store): HandlerContext {
  return {
    store,
    mode: 'test',
    version: '0.0.0',
    backend: { name: 'cpu', preference: 'cpu', skipped: [] },
    jobs: recordingJobs(store),
    emit: () => {},
  };
}
