import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { EventOf, Job, JobProgress } from '../../shared/api';
import { api } from '../client';
import { describeError } from '../lib/errors';

type LogLine = EventOf<'job.log'>;

/** Log lines per page of the job log view; earlier pages load on request. */
export const LOG_PAGE = 200;

/** The job queue, kept live by `job.updated`, `job.progress` and `job.log` events. */
export const useJobsStore = defineStore('jobs', () => {
  const jobs = ref<Job[]>([]);
  const logs = ref<Record<string, LogLine[]>>({});
  /** Jobs whose log may hold lines before the ones loaded (the last page asked for came back full). */
  const earlierLogs = ref<Record<string, boolean>>({});
  const error = ref<string | null>(null);
  let subscribed = false;

  const byId = computed(() => new Map(jobs.value.map((job) => [job.id, job])));
  const active = computed(() =>
    jobs.value.filter((job) => ['queued', 'running', 'paused', 'blocked'].includes(job.state)),
  );

  function upsert(job: Job): void {
    const index = jobs.value.findIndex((known) => known.id === job.id);
    if (index >= 0) jobs.value[index] = job;
    else jobs.value.unshift(job);
  }

  function progress(update: JobProgress): void {
    const job = jobs.value.find((known) => known.id === update.jobId);
    if (job) job.progress = update;
  }

  async function refresh(): Promise<void> {
    try {
      jobs.value = await api().invoke('jobs.list', { limit: 200 });
      error.value = null;
    } catch (caught) {
      error.value = describeError(caught);
    }
  }

  function subscribe(): void {
    if (subscribed) return;
    subscribed = true;
    api().on('job.updated', upsert);
    api().on('job.progress', progress);
    api().on('job.log', (line) => {
      const lines = logs.value[line.jobId];
      if (lines) lines.push(line);
    });
  }

  /** The newest page of a job's log; live lines are appended to it as they come. */
  async function loadLogs(jobId: string): Promise<void> {
    const page = await api().invoke('jobs.logs', { jobId, limit: LOG_PAGE });
    logs.value[jobId] = page;
    earlierLogs.value[jobId] = page.length === LOG_PAGE;
  }

  /** The page before the lines held (which are the newest ones, live lines included), put in front of them. */
  async function loadEarlierLogs(jobId: string): Promise<void> {
    const held = logs.value[jobId] ?? [];
    const page = await api().invoke('jobs.logs', { jobId, limit: LOG_PAGE, offset: held.length });
    logs.value[jobId] = [...page, ...(logs.value[jobId] ?? [])];
    earlierLogs.value[jobId] = page.length === LOG_PAGE;
  }

  async function act(action: 'jobs.cancel' | 'jobs.resume' | 'jobs.pause', jobId: string): Promise<void> {
    try {
      upsert(await api().invoke(action, { jobId }));
    } catch (caught) {
      error.value = describeError(caught, 'job');
    }
  }

  return {
    jobs,
    logs,
    earlierLogs,
    error,
    byId,
    active,
    refresh,
    subscribe,
    loadLogs,
    loadEarlierLogs,
    act,
    upsert,
  };
});
