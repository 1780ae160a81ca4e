import { notFound } from '../../shared/api';
import type { HandlerTable } from './dispatch';

type JobHandlers = Pick<
  HandlerTable,
  'jobs.list' | 'jobs.get' | 'jobs.cancel' | 'jobs.pause' | 'jobs.resume' | 'jobs.logs'
>;

export const jobHandlers: JobHandlers = {
  'jobs.list': (request, ctx) => ctx.store.jobs.list(request),
  'jobs.get': ({ jobId }, ctx) => {
    const job = ctx.store.jobs.get(jobId);
    if (!job) throw notFound('job', jobId);
    return job;
  },
  'jobs.cancel': ({ jobId }, ctx) => ctx.jobs.cancel(jobId),
  'jobs.pause': ({ jobId }, ctx) => ctx.jobs.pause(jobId),
  'jobs.resume': ({ jobId }, ctx) => ctx.jobs.resume(jobId),
  'jobs.logs': ({ jobId, limit, offset }, ctx) => {
    if (!ctx.store.jobs.get(jobId)) throw notFound('job', jobId);
    return ctx.store.jobs.logs(jobId, limit, offset);
  },
};
