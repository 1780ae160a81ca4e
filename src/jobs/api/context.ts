import type { AppInfo, BackendInfo, EventName, EventOf, Job } from '../../shared/api';
import type { NewJob, Store } from '../../store';

/** Runs queued work; the job supervisor implements it. */
export interface JobService {
  enqueue(job: NewJob): Job;
  cancel(jobId: string): Job;
  pause(jobId: string): Job;
  resume(jobId: string): Job;
  /** Run these queued jobs as this service's own (a command continuing a job graph that another process queued). */
  adopt(jobIds: string[]): void;
}

/** Everything a handler may use. One context per open home folder. */
export interface HandlerContext {
  store: Store;
  mode: AppInfo['mode'];
  version: string;
  backend: BackendInfo;
  jobs: JobService;
  emit<E extends EventName>(event: E, payload: EventOf<E>): void;
}
