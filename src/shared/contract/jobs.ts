import { z } from 'zod';
import { channel } from './define';

export const JOB_STATES = [
  'queued',
  'running',
  'paused',
  'succeeded',
  'failed',
  'cancelled',
  'blocked',
] as const;
export const JobStateSchema = z.enum(JOB_STATES);
export type JobState = z.infer<typeof JobStateSchema>;

export const JobProgressSchema = z.object({
  jobId: z.string(),
  phase: z.string(),
  step: z.number().int().min(0),
  total: z.number().int().min(0).nullable(),
  loss: z.number().nullable(),
  lr: z.number().nullable(),
  /** Seconds of audio processed per wall-clock second. */
  throughput: z.number().nullable(),
  etaSec: z.number().nullable(),
});
export type JobProgress = z.infer<typeof JobProgressSchema>;

export const JobSchema = z.object({
  id: z.string(),
  kind: z.string(),
  state: JobStateSchema,
  runId: z.string().nullable(),
  datasetId: z.string().nullable(),
  dependsOn: z.array(z.string()),
  attempts: z.number().int(),
  error: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  progress: JobProgressSchema.nullable(),
});
export type Job = z.infer<typeof JobSchema>;

export const JobLogSchema = z.object({
  jobId: z.string(),
  level: z.enum(['info', 'warn', 'error']),
  line: z.string(),
  at: z.string(),
});

const JobRef = z.object({ jobId: z.string().min(1) }).strict();

export const jobChannels = {
  'jobs.list': channel(
    'Jobs, newest first, optionally only some states',
    z
      .object({
        states: z.array(JobStateSchema).optional(),
        limit: z.number().int().min(1).max(1000).default(200),
      })
      .strict(),
    z.array(JobSchema),
  ),
  'jobs.get': channel('One job', JobRef, JobSchema),
  'jobs.cancel': channel('Cancel a queued, running or paused job', JobRef, JobSchema),
  'jobs.pause': channel('Pause a running job at its next checkpoint', JobRef, JobSchema),
  'jobs.resume': channel(
    'Resume a paused, failed or cancelled job from its last checkpoint',
    JobRef,
    JobSchema,
  ),
  'jobs.logs': channel(
    'Log lines of a job, oldest first: the newest `limit` after skipping the `offset` newest (page back with offset)',
    z
      .object({
        jobId: z.string().min(1),
        limit: z.number().int().min(1).max(5000).default(500),
        offset: z.number().int().min(0).default(0),
      })
      .strict(),
    z.array(JobLogSchema),
  ),
};

export const jobEvents = {
  'job.updated': JobSchema,
  'job.progress': JobProgressSchema,
  'job.log': JobLogSchema,
};
