import { rmSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { notFound, type HandlerTable } from './dispatch';
import { folderBytes } from '../files';

type RunHandlers = Pick<
  HandlerTable,
  'runs.list' | 'runs.get' | 'runs.metrics' | 'runs.update' | 'runs.delete'
>;

export const runHandlers: RunHandlers = {
  'runs.list': (_request, ctx) => ctx.store.runs.list(),
  'runs.get': ({ runId }, ctx) => {
    const run = ctx.store.runs.get(runId);
    if (!run) throw notFound('run', runId);
    return { ...run, artifacts: ctx.store.runs.artifacts(runId) };
  },
  'runs.metrics': ({ runId, names, maxPoints }, ctx) => {
    if (!ctx.store.runs.get(runId)) throw notFound('run', runId);
    return ctx.store.runs.metrics(runId, names, maxPoints);
  },
  'runs.update': ({ runId, tags, notes }, ctx) => {
    const run = ctx.store.runs.update(runId, { tags, notes });
    if (!run) throw notFound('run', runId);
    return run;
  },
  'runs.delete': ({ runId }, ctx) => {
    if (!ctx.store.runs.get(runId)) throw notFound('run', runId);
    const folder = join(ctx.store.layout.runs, runId);
    // Stop the run's unfinished jobs first, so no worker keeps writing into a deleted run's folder and rows.
    for (const job of ctx.store.jobs.list({
      states: ['queued', 'running', 'paused', 'blocked'],
      limit: 1000,
    })) {
      if (job.runId === runId) ctx.jobs.cancel(job.id);
    }
    const bytesFreed = existsSync(folder) ? folderBytes(folder) : 0;
    ctx.store.runs.delete(runId);
    rmSync(folder, { recursive: true, force: true });
    return { deleted: true, bytesFreed };
  },
};
