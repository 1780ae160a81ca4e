import type { JobProgress } from '../shared/api';

/** What a worker needs to run one job. */
export interface WorkerJob {
  id: string;
  kind: string;
  payload: Record<string, unknown>;
  runId: string | null;
  datasetId: string | null;
  /** 1 for the first run of the job, higher when it resumes after a crash, pause or restart. */
  attempt: number;
  /** Home folder; the worker opens the same SQLite store (WAL) to write metrics and results itself. */
  home: string;
  /** Where the job keeps its checkpoints; a resumed job finds its last one here. */
  checkpointDir: string;
}

/** Supervisor → worker. */
export type ToWorker = { type: 'start'; job: WorkerJob } | { type: 'pause' };

export type WorkerProgress = Omit<JobProgress, 'jobId'>;

/** Worker → supervisor. */
export type FromWorker =
  | { type: 'progress'; progress: WorkerProgress }
  | { type: 'log'; level: 'info' | 'warn' | 'error'; line: string }
  | { type: 'event'; name: string; payload: unknown }
  /**
   * A process group the job started (torchrun and its ranks) runs, or has ended: while it runs the supervisor
   * kills it with the worker.
   */
  | { type: 'process-group'; pgid: number; running: boolean }
  | { type: 'done'; outcome: 'succeeded' | 'paused' }
  | { type: 'failed'; error: string; /** The error's stack, for the job log. */ stack?: string };
