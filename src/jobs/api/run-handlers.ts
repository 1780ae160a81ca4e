import { rmSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { notFound } from '../../shared/api';
import type { HandlerTable } from './dispatch';
import { folderBytes } from '../files';
import { EVAL_JOB } from '../kinds/run-kinds';
import { unfinishedJobsOf } from './run-config';

type RunHandlers = Pick<
  HandlerTable,
  'runs.list' | 'runs.get' | 'runs.metrics' | 'runs.update' | 'runs.evaluate' | 'runs.delete'
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
    ctx.emit('run.changed', { runId, change: 'updated', state: run.state });
    return run;
  },
  'runs.evaluate': ({ runId, split, maxUtterances }, ctx) => {
    if (!ctx.store.runs.get(runId)) throw notFound('run', runId);
    const job = ctx.jobs.enqueue({
      kind: EVAL_JOB,
      runId,
      payload: { split, ...(maxUtterances !== undefined ? { maxUtterances } : {}) },
      dependsOn: unfinishedJobsOf(ctx.store, [runId]),
    });
    return { jobId: job.id };
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
    ctx.emit('run.changed', { runId, change: 'deleted', state: null });
    return { deleted: true, bytesFreed };
  },
};
