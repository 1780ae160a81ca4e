import type { z } from 'zod';
import type { Artifact, EventName, EventOf } from '../../shared/api';
import type { Store } from '../../store';
import type { WorkerJob } from '../protocol';

/** One progress report of a job; `audioSec` is the audio processed since the previous report (for throughput). */
export interface ProgressUpdate {
  phase: string;
  step: number;
  total?: number | null;
  loss?: number | null;
  lr?: number | null;
  audioSec?: number;
}

/** What a job kind may use while it runs in a worker process. */
export interface JobIo {
  readonly job: WorkerJob;
  /** The home folder's store, opened by the worker (WAL lets it write beside the supervisor). */
  readonly store: Store;
  /** Aborted when the supervisor asks the job to pause; long kinds call `pausePoint()` after each checkpoint. */
  readonly signal: AbortSignal;
  /** Reports progress; loss, learning rate and throughput are stored as run metrics at `step` (runs only). */
  progress(update: ProgressUpdate): void;
  /** Stores named metric values of the job's run at one step (a repeated step overwrites). */
  metrics(step: number, values: Record<string, number>): void;
  /** Record a file of the job's run (checkpoint, masks, export) with its size and SHA-256; runs only. */
  artifact(kind: string, path: string): Artifact;
  log(line: string, level?: 'info' | 'warn' | 'error'): void;
  emit<E extends EventName>(event: E, payload: EventOf<E>): void;
  /** Throws JobPaused when a pause was requested; call it right after a checkpoint was written. */
  pausePoint(): void;
  /**
   * Announce a process group the job started (the PyTorch runner's torchrun and ranks), and that it has ended: while
   * it runs, the supervisor kills it together with the worker (a cancel, an overdue pause, close, a crash).
   */
  processGroup(pgid: number, running: boolean): void;
}

/** Thrown by `pausePoint()`; the worker reports the job as paused. */
export class JobPaused extends Error {
  constructor() {
    super('paused');
    this.name = 'JobPaused';
  }
}

export type KindRunner<P> = (payload: P, io: JobIo) => Promise<void>;

/**
 * A kind of job: its payload schema (checked when the job is queued and again in the worker) and a loader for
 * its implementation, imported only inside the worker so the supervisor never loads engine code.
 */
export interface JobKind<P = unknown> {
  kind: string;
  description: string;
  payloadSchema: z.ZodType<P, z.ZodTypeDef, unknown>;
  /** Optimizer steps a job of this kind will take in all (training kinds), for progress and ETA before it runs. */
  plannedSteps?(payload: P): number;
  load(): Promise<KindRunner<P>>;
}

export function defineKind<P>(kind: JobKind<P>): JobKind<unknown> {
  return kind as unknown as JobKind<unknown>;
}
