import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppContext } from '../../../jobs/app-context';
import { REPORT_EXTENSION, type ReportFormat } from '../../../jobs/exports';
import type { GroupJob, GroupProgress, JobState } from '../../../shared/api';
import type { CliIo } from '../../command';
import { call } from './app';
import { duration } from './follow';
import { followAll } from './follow-all';
import { textTable } from './table';

/** States a job leaves only when someone resumes it. */
const STOPPED: ReadonlySet<JobState> = new Set(['paused', 'failed', 'cancelled', 'blocked']);

const percent = (done: number, planned: number) => (planned ? ((100 * done) / planned).toFixed(1) : '100.0');

function jobProgressCell(j: GroupJob): string {
  if (j.stepsPlanned === null) return j.state === 'running' && j.phase ? j.phase : '';
  const steps = `${j.stepsDone}/${j.stepsPlanned}`;
  return j.state === 'running' && j.phase && !['train', 'prune', 'pathways'].includes(j.phase)
    ? `${steps} (${j.phase})`
    : steps;
}

/** A reproduction group's totals, ETA and stopped jobs, a few lines. */
export function groupSummary(p: GroupProgress): string {
  const states = Object.entries(p.states)
    .map(([state, n]) => `${n} ${state}`)
    .join(', ');
  const lines = [
    `group ${p.groupId}: ${p.jobs.length} jobs (${states})`,
    `steps ${p.steps.done}/${p.steps.planned} (${percent(p.steps.done, p.steps.planned)} %), evaluations ${p.evaluations.done}/${p.evaluations.planned}`,
  ];
  if (p.finished) lines.push('finished');
  else if (p.etaSec === 0) lines.push('nothing runs until the stopped jobs are resumed');
  else if (p.etaSec !== null) {
    const rates = [
      p.secPerStep !== null ? `${p.secPerStep.toFixed(1)} s per step` : '',
      p.secPerEval !== null ? `${p.secPerEval.toFixed(0)} s per evaluation` : '',
    ].filter(Boolean);
    lines.push(
      `at least ${duration(p.etaSec)} left (${[...rates, `${p.concurrency} jobs at a time`].join(', ')})`,
    );
  } else lines.push('time left: unknown until a step or an evaluation of this group has been measured');
  const stopped = p.jobs.filter((j) => STOPPED.has(j.state));
  if (stopped.length > 0)
    lines.push(
      `${stopped.length} jobs stopped; \`pathways reproduce --resume ${p.groupId}\` runs them again`,
    );
  return lines.join('\n') + '\n';
}

/** One line per job of the group: run, system, seed, language, compute matching, state, steps, error. */
export function groupTable(p: GroupProgress): string {
  return textTable(
    ['run', 'system', 'seed', 'language', 'matched', 'kind', 'state', 'steps', 'error'],
    p.jobs.map((j) => [
      j.runId,
      j.system,
      String(j.seed),
      j.language ?? '',
      j.computeMatched ? 'yes' : '',
      j.kind,
      j.state,
      jobProgressCell(j),
      j.error ?? '',
    ]),
  );
}

/** Write the group's comparison as Markdown, CSV and JSON into `out`; prints the Markdown. */
export async function writeGroupReports(
  app: AppContext,
  groupId: string,
  out: string,
  io: CliIo,
): Promise<void> {
  mkdirSync(out, { recursive: true });
  for (const format of ['markdown', 'csv', 'json'] as ReportFormat[]) {
    const report = await call(app, 'results.export', { groupId, format });
    const path = join(out, `${groupId}.${REPORT_EXTENSION[format]}`);
    writeFileSync(path, report.text);
    if (format === 'markdown') io.out(report.text);
    io.err(`wrote ${path}\n`);
  }
}

/**
 * Continue a group another process queued: resume its stopped jobs (blocked dependents come back with them),
 * run its queued jobs here, and wait for all of them.
 */
export async function resumeGroup(app: AppContext, groupId: string, io: CliIo): Promise<number> {
  let progress = await call(app, 'runs.groupProgress', { groupId });
  for (const state of ['paused', 'failed', 'cancelled', 'blocked'] as const) {
    for (const job of progress.jobs.filter((j) => j.state === state)) {
      const now = await call(app, 'jobs.get', { jobId: job.jobId });
      if (STOPPED.has(now.state)) await call(app, 'jobs.resume', { jobId: job.jobId });
    }
    progress = await call(app, 'runs.groupProgress', { groupId });
  }
  const unfinished = progress.jobs.filter((j) => j.state !== 'succeeded').map((j) => j.jobId);
  app.ctx.jobs.adopt(unfinished);
  io.err(groupSummary(progress));
  return followAll(app, unfinished, io);
}
