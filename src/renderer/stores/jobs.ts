import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { EventOf, Job, JobProgress } from '../../shared/api';
import { api } from '../client';
import { describeError } from '../lib/errors';

type LogLine = EventOf<'job.log'>;

/** The job queue, kept live by `job.updated`, `job.progress` and `job.log` events. */
export const useJobsStore = defineStore('jobs', () => {
  const jobs = ref<Job[]>([]);
  const logs = ref<Record<string, LogLine[]>>({});
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

  async function loadLogs(jobId: string): Promise<void> {
    logs.value[jobId] = await api().invoke('jobs.logs', { jobId, limit: 500 });
  }

  async function act(action: 'jobs.cancel' | 'jobs.resume' | 'jobs.pause', jobId: string): Promise<void> {
    try {
      upsert(await api().invoke(action, { jobId }));
    } catch (caught) {
      error.value = describeError(caught, 'job');
    }
  }

  return { jobs, logs, error, byId, active, refresh, subscribe, loadLogs, act, upsert };
});
