import type { GroupJob, GroupProgress, Job, JobState } from '../../shared/api';
import type { Store } from '../../store';
import { groupTag, systemOf } from './compare';

/** Optimizer steps a job will take in all, from its kind and payload; null for kinds without steps (evaluation). */
export type PlannedSteps = (kind: string, payload: Record<string, unknown>) => number | null;

const EVAL_KIND = 'eval';
/** States in which a job will still run without anyone resuming it. */
const PENDING: ReadonlySet<JobState> = new Set(['queued', 'running']);

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const secondsBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 1000;

/** The job's steps done: all when it succeeded, else its last progress while it was counting steps. */
function stepsDone(job: Job, planned: number): number {
  if (job.state === 'succeeded') return planned;
  const p = job.progress;
  return p && p.total === planned ? Math.min(p.step, planned) : 0;
}

/**
 * Seconds per optimizer step of one job: what a running job measures itself (its ETA over the steps left), else
 * a finished job's wall time over its steps (feature loading included).
 */
function secondsPerStep(jobs: GroupJob[], byId: Map<string, Job>): number | null {
  const running = jobs.flatMap((g) => {
    const p = byId.get(g.jobId)!.progress;
    const left = (g.stepsPlanned ?? 0) - g.stepsDone;
    return g.state === 'running' && p?.etaSec != null && p.total === g.stepsPlanned && left > 0
      ? [p.etaSec / left]
      : [];
  });
  if (running.length > 0) return median(running);
  return median(
    jobs.flatMap((g) => {
      const job = byId.get(g.jobId)!;
      return g.state === 'succeeded' && g.stepsPlanned && job.startedAt && job.finishedAt
        ? [secondsBetween(job.startedAt, job.finishedAt) / g.stepsPlanned]
        : [];
    }),
  );
}

function secondsPerEvaluation(jobs: GroupJob[], byId: Map<string, Job>): number | null {
  return median(
    jobs.flatMap((g) => {
      const job = byId.get(g.jobId)!;
      return g.kind === EVAL_KIND && g.state === 'succeeded' && job.startedAt && job.finishedAt
        ? [secondsBetween(job.startedAt, job.finishedAt)]
        : [];
    }),
  );
}

/**
 * Where a reproduction group stands: the latest job of each kind of each of its runs (a re-evaluation replaces
 * the earlier one), steps done against planned, evaluations done, and an ETA for the jobs still queued or running:
 * (steps left × seconds per step + evaluations left × seconds per evaluation) / jobs at a time. It ignores the
 * order the graph imposes (a wait for a dependency leaves a slot empty), so it is a lower bound. Failed,
 * cancelled, blocked or paused jobs are not in the ETA: they run again only when resumed.
 */
export function groupProgress(
  store: Store,
  groupId: string,
  plannedSteps: PlannedSteps,
  concurrency: number,
): GroupProgress | undefined {
  const runs = store.runs.list().filter((r) => r.tags.includes(groupTag(groupId)));
  if (runs.length === 0) return undefined;
  const runById = new Map(runs.map((r) => [r.id, r]));
  const latest = new Map<string, Job>();
  for (const job of store.jobs.ofRuns(runs.map((r) => r.id))) latest.set(`${job.runId}|${job.kind}`, job);
  const byId = new Map([...latest.values()].map((j) => [j.id, j]));
  const jobs: GroupJob[] = [...latest.values()].map((job) => {
    const run = runById.get(job.runId!)!;
    const planned = job.kind === EVAL_KIND ? null : plannedSteps(job.kind, store.jobs.payload(job.id) ?? {});
    return {
      jobId: job.id,
      kind: job.kind,
      state: job.state,
      runId: run.id,
      runName: run.name,
      system: systemOf(run, groupId),
      seed: run.seed,
      computeMatched: run.config.computeMatched === true,
      language: typeof run.config.language === 'string' ? run.config.language : null,
      phase: job.progress?.phase ?? null,
      stepsDone: planned === null ? 0 : stepsDone(job, planned),
      stepsPlanned: planned,
      error: job.error,
    };
  });
  const states: Partial<Record<JobState, number>> = {};
  for (const j of jobs) states[j.state] = (states[j.state] ?? 0) + 1;
  const stepJobs = jobs.filter((j) => j.stepsPlanned !== null);
  const evals = jobs.filter((j) => j.kind === EVAL_KIND);
  const secPerStep = secondsPerStep(stepJobs, byId);
  const secPerEval = secondsPerEvaluation(evals, byId);
  const pending = (j: GroupJob) => PENDING.has(j.state);
  const stepsLeft = stepJobs.filter(pending).reduce((n, j) => n + j.stepsPlanned! - j.stepsDone, 0);
  const evalsLeft = evals.filter(pending).length;
  const known = (stepsLeft === 0 || secPerStep !== null) && (evalsLeft === 0 || secPerEval !== null);
  return {
    groupId,
    jobs,
    states,
    steps: {
      done: stepJobs.reduce((n, j) => n + j.stepsDone, 0),
      planned: stepJobs.reduce((n, j) => n + j.stepsPlanned!, 0),
    },
    evaluations: { done: evals.filter((j) => j.state === 'succeeded').length, planned: evals.length },
    secPerStep,
    secPerEval,
    concurrency,
    etaSec: known ? (stepsLeft * (secPerStep ?? 0) + evalsLeft * (secPerEval ?? 0)) / concurrency : null,
    finished: jobs.every((j) => j.state === 'succeeded'),
  };
}
