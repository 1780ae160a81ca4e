import { hostname } from 'node:os';
import { join } from 'node:path';
import { ApiError, events, notFound, type BackendInfo, type Job, type JobProgress } from '../shared/api';
import { newId, type NewJob, type Store } from '../store';
import type { JobService } from './api/context';
import type { EventHub } from './api/events';
import { findKind, parsePayload } from './kinds';
import { forkLauncher, type WorkerHandle, type WorkerLauncher } from './launcher';
import type { FromWorker, WorkerJob } from './protocol';

export interface SupervisorOptions {
  store: Store;
  hub: EventHub;
  backend: BackendInfo;
  /** Jobs run at the same time by this supervisor; default: the `concurrency` setting (= cores). */
  concurrency?: number;
  /** How workers are started; default: fork `worker-entry.ts` through tsx. Electron passes a utilityProcess one. */
  launcher?: WorkerLauncher;
  /** Extra environment for workers (tests set PATHWAYS_TEST_KINDS). */
  env?: NodeJS.ProcessEnv;
  /** Queue polling interval; also bounds how fast a cancel from another app instance takes effect. */
  pollMs?: number;
  /** Unexpected worker deaths (crash, kill -9) a job survives, each resuming from its checkpoint. */
  maxAttempts?: number;
  /** How long a paused job may run on to its next checkpoint before its worker is stopped. */
  pauseGraceMs?: number;
  /** A supervisor whose heartbeat is older than this is dead; its running jobs are orphans. */
  staleMs?: number;
  /** Start the loop at once (default). Read-only callers pass false and never run jobs. */
  autoStart?: boolean;
  /**
   * Which queued jobs this supervisor takes: 'all' (the app and web mode) or 'own', only those it queued or
   * resumed itself (a CLI command, so it never grabs and then abandons the app's long jobs when it exits).
   */
  scope?: 'all' | 'own';
}

export interface Supervisor extends JobService {
  readonly id: string;
  start(): void;
  /** Stop every worker (their jobs go back to the queue and resume from their checkpoint next time) and leave. */
  close(): Promise<void>;
}

const PROGRESS_INTERVAL_MS = 100;
const HEARTBEAT_MS = 1000;
const ORPHAN_SCAN_MS = 2000;

interface Active {
  job: Job;
  handle: WorkerHandle;
  /** Why the supervisor stopped the worker, if it did. */
  stopping: 'cancel' | 'pause' | 'close' | null;
  pauseSent: boolean;
  pidRecorded: boolean;
  /** Process groups the job started and still runs (io.processGroup), killed with the worker. */
  groups: number[];
  pauseTimer?: NodeJS.Timeout;
  outcome?: Extract<FromWorker, { type: 'done' | 'failed' }>;
  pending?: JobProgress;
  lastProgressAt: number;
  progressTimer?: NodeJS.Timeout;
  exited: Promise<void>;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The job supervisor: a queue in SQLite (jobs + job_deps) run by worker processes. Several app instances may share
 * one home folder: each claims queued jobs with an atomic UPDATE, heartbeats its row in `supervisors`, and
 * re-queues the running jobs of an instance that died (dead pid or stale heartbeat) to resume from their checkpoint.
 * A cancel is a state change any instance can make; the owner sees it within `pollMs` and kills the worker.
 */
export function createSupervisor(options: SupervisorOptions): Supervisor {
  const { store, hub } = options;
  const id = newId('sup');
  const host = hostname();
  const launcher = options.launcher ?? forkLauncher();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...options.env,
    PATHWAYS_BACKEND: options.backend.preference,
  };
  const pollMs = options.pollMs ?? 200;
  const maxAttempts = options.maxAttempts ?? 5;
  const pauseGraceMs = options.pauseGraceMs ?? 30_000;
  const staleMs = options.staleMs ?? 15_000;
  const concurrency = () => options.concurrency ?? store.settings.get().concurrency;
  const active = new Map<string, Active>();
  const own = new Set<string>();
  const scope = options.scope ?? 'all';
  let timer: NodeJS.Timeout | undefined;
  let started = false;
  let closing = false;
  let lastHeartbeat = 0;
  let lastOrphanScan = 0;
  let tickScheduled = false;

  const current = (jobId: string): Job => {
    const job = store.jobs.get(jobId);
    if (!job) throw notFound('job', jobId);
    return job;
  };

  /** A job's state changed: its run takes that state, and both changes are announced. */
  const publish = (job: Job): void => {
    if (job.runId && store.runs.update(job.runId, { state: job.state }))
      hub.emit('run.changed', { runId: job.runId, change: 'updated', state: job.state });
    hub.emit('job.updated', job);
  };

  const announce = (jobId: string): Job => {
    const job = current(jobId);
    publish(job);
    return job;
  };

  const log = (jobId: string, level: 'info' | 'warn' | 'error', line: string) =>
    hub.emit('job.log', store.jobs.log(jobId, level, line));

  const flushProgress = (a: Active) => {
    clearTimeout(a.progressTimer);
    a.progressTimer = undefined;
    if (!a.pending) return;
    store.jobs.setProgress(a.job.id, a.pending);
    hub.emit('job.progress', a.pending);
    a.pending = undefined;
    a.lastProgressAt = Date.now();
  };

  /** At most one progress event per job every PROGRESS_INTERVAL_MS; the latest report wins. */
  const onProgress = (a: Active, progress: JobProgress) => {
    a.pending = progress;
    const wait = a.lastProgressAt + PROGRESS_INTERVAL_MS - Date.now();
    if (wait <= 0) flushProgress(a);
    else a.progressTimer ??= setTimeout(() => flushProgress(a), wait);
  };

  const onMessage = (a: Active, message: FromWorker) => {
    if (!a.pidRecorded && a.handle.pid !== undefined) {
      // Some launchers (Electron's utilityProcess) know the pid only once the process has started.
      store.jobs.setWorkerPid(a.job.id, a.handle.pid);
      a.pidRecorded = true;
    }
    switch (message.type) {
      case 'progress':
        onProgress(a, { ...message.progress, jobId: a.job.id });
        break;
      case 'log':
        log(a.job.id, message.level, message.line);
        break;
      case 'event': {
        const schema = (events as Record<string, (typeof events)[keyof typeof events]>)[message.name];
        const parsed = schema?.safeParse(message.payload);
        if (parsed?.success) hub.emit(message.name as keyof typeof events, parsed.data as never);
        else log(a.job.id, 'warn', `worker sent an invalid '${message.name}' event`);
        break;
      }
      case 'process-group':
        a.groups = a.groups.filter((g) => g !== message.pgid);
        if (message.running) a.groups.push(message.pgid);
        break;
      case 'done':
      case 'failed':
        a.outcome = message;
        break;
    }
  };

  const onExit = (a: Active, code: number | null, signal: string | null) => {
    killGroups(a);
    active.delete(a.job.id);
    clearTimeout(a.pauseTimer);
    // The last report is stored now; its event still waits for its turn, keeping the rate limit.
    clearTimeout(a.progressTimer);
    const last = a.pending;
    if (last) {
      store.jobs.setProgress(a.job.id, last);
      const wait = Math.max(0, a.lastProgressAt + PROGRESS_INTERVAL_MS - Date.now());
      setTimeout(() => hub.emit('job.progress', last), wait);
    }
    const jobId = a.job.id;
    if (a.outcome?.type === 'done') store.jobs.release(jobId, id, a.outcome.outcome);
    else if (a.outcome?.type === 'failed') {
      log(jobId, 'error', a.outcome.stack ?? a.outcome.error);
      store.jobs.release(jobId, id, 'failed', a.outcome.error);
    } else if (a.stopping === 'pause') store.jobs.release(jobId, id, 'paused');
    else if (a.stopping === 'close') store.jobs.release(jobId, id, 'queued');
    else if (a.stopping !== 'cancel') {
      const how = signal ? `was killed (${signal})` : `exited with code ${code}`;
      if (a.job.attempts < maxAttempts) {
        log(
          jobId,
          'warn',
          `worker ${a.handle.pid ?? '?'} ${how}; resuming from the last checkpoint (attempt ${a.job.attempts + 1} of ${maxAttempts})`,
        );
        store.jobs.release(jobId, id, 'queued');
      } else {
        store.jobs.release(
          jobId,
          id,
          'failed',
          `worker ${how} on attempt ${a.job.attempts} of ${maxAttempts}; giving up`,
        );
      }
    }
    if (store.jobs.get(jobId)) announce(jobId);
    schedule();
  };

  const workerJob = (job: Job): WorkerJob => ({
    id: job.id,
    kind: job.kind,
    payload: store.jobs.payload(job.id) ?? {},
    runId: job.runId,
    datasetId: job.datasetId,
    attempt: job.attempts,
    home: store.layout.root,
    checkpointDir: job.runId
      ? join(store.layout.runs, job.runId, 'checkpoints', job.id)
      : join(store.layout.root, 'jobs', job.id),
  });

  const launch = (job: Job) => {
    try {
      findKind(job.kind, env);
    } catch (error) {
      store.jobs.release(job.id, id, 'failed', (error as Error).message);
      announce(job.id);
      return;
    }
    const handle = launcher.launch({ env: { ...env, PATHWAYS_JOB_CONCURRENCY: String(concurrency()) } });
    let resolveExit!: () => void;
    const a: Active = {
      job,
      handle,
      stopping: null,
      pauseSent: false,
      groups: [],
      pidRecorded: handle.pid !== undefined,
      lastProgressAt: 0,
      exited: new Promise<void>((resolve) => (resolveExit = resolve)),
    };
    active.set(job.id, a);
    store.jobs.setWorkerPid(job.id, handle.pid ?? null);
    handle.onMessage((message) => onMessage(a, message));
    handle.onStderr?.((text) => {
      for (const line of text.split('\n').filter((l) => l.trim())) log(job.id, 'warn', line);
    });
    handle.onExit((code, signal) => {
      onExit(a, code, signal);
      resolveExit();
    });
    if (job.attempts > 1) log(job.id, 'info', `attempt ${job.attempts}: resuming from the last checkpoint`);
    announce(job.id);
    handle.send({ type: 'start', job: workerJob(job) });
  };

  /** End the process groups a job started: they may not outlive its worker. */
  const killGroups = (a: Active) => {
    for (const pgid of a.groups.splice(0)) {
      try {
        process.kill(-pgid, 'SIGKILL');
      } catch {
        // the group has already ended
      }
    }
  };

  const stop = (a: Active, why: 'cancel' | 'pause' | 'close') => {
    a.stopping ??= why;
    a.handle.kill();
    killGroups(a);
  };

  const requestPause = (a: Active) => {
    if (a.pauseSent) return;
    a.pauseSent = true;
    a.handle.send({ type: 'pause' });
    a.pauseTimer = setTimeout(() => stop(a, 'pause'), pauseGraceMs);
  };

  /** React to state changes other callers or instances made to the jobs this supervisor runs. */
  const checkControls = () => {
    const rows = store.jobs.controlOf([...active.keys()]);
    for (const [jobId, a] of active) {
      const row = rows.get(jobId);
      if (!row || row.state !== 'running' || row.owner !== id) stop(a, 'cancel');
      else if (row.control === 'pause') requestPause(a);
    }
  };

  /** Running jobs of another supervisor that died (its pid gone on this host, or its heartbeat stale). */
  const orphans = () => {
    const now = Date.now();
    return store.jobs
      .runningWithOwners()
      .filter(
        (row) =>
          row.owner !== id &&
          (row.ownerPid === null ||
            (row.ownerHost === host && !pidAlive(row.ownerPid)) ||
            now - Date.parse(row.ownerHeartbeat ?? '') > staleMs),
      );
  };

  /**
   * Take over the orphans: a supervisor that runs jobs re-queues them (they resume from their checkpoint); one that
   * runs none (a CLI command that only reads) marks them paused, since nobody here will run them, and `jobs resume`
   * (or the app) continues them.
   */
  const recoverOrphans = (how: 'requeue' | 'pause') => {
    for (const row of orphans()) {
      const taken =
        how === 'requeue'
          ? store.jobs.recoverOrphan(row.id, row.owner)
          : store.jobs.pauseOrphan(row.id, row.owner);
      if (!taken) continue;
      const next =
        how === 'requeue'
          ? 'queued to resume from the last checkpoint'
          : 'paused — resume it to continue from the last checkpoint';
      log(row.id, 'warn', `orphaned: supervisor ${row.owner ?? '(none)'} is gone; ${next}`);
      announce(row.id);
    }
    if (how === 'requeue') store.jobs.pruneSupervisors(new Date(Date.now() - staleMs).toISOString());
  };

  const tick = () => {
    tickScheduled = false;
    if (closing || !started) return;
    const now = Date.now();
    if (now - lastHeartbeat >= HEARTBEAT_MS) {
      store.jobs.supervisorHeartbeat(id);
      lastHeartbeat = now;
    }
    if (now - lastOrphanScan >= ORPHAN_SCAN_MS) {
      recoverOrphans('requeue');
      lastOrphanScan = now;
    }
    checkControls();
    for (const job of store.jobs.blockDependents()) publish(job);
    const free = concurrency() - active.size;
    if (free <= 0) return;
    for (const job of store.jobs.runnable(scope === 'all' ? free : 1000)) {
      if (active.size >= concurrency()) break;
      if (scope === 'own' && !own.has(job.id)) continue;
      if (store.jobs.claim(job.id, id)) launch(current(job.id));
    }
  };

  function schedule() {
    if (tickScheduled || closing || !started) return;
    tickScheduled = true;
    setImmediate(tick);
  }

  const supervisor: Supervisor = {
    id,
    start() {
      if (started) return;
      started = true;
      store.jobs.registerSupervisor(id, process.pid, host);
      lastHeartbeat = Date.now();
      timer = setInterval(tick, pollMs);
      schedule();
    },
    async close() {
      if (closing) return;
      closing = true;
      clearInterval(timer);
      const exits = [...active.values()].map((a) => {
        stop(a, 'close');
        return a.exited;
      });
      await Promise.all(exits);
      if (started) store.jobs.removeSupervisor(id);
    },
    enqueue(newJob: NewJob) {
      const payload = parsePayload(newJob.kind, newJob.payload, env);
      for (const dep of newJob.dependsOn ?? []) if (!store.jobs.get(dep)) throw notFound('job', dep);
      const job = store.jobs.create({ ...newJob, payload });
      own.add(job.id);
      publish(job);
      schedule();
      return job;
    },
    cancel(jobId) {
      const before = current(jobId);
      if (before.state === 'succeeded' || before.state === 'failed' || before.state === 'cancelled') {
        throw new ApiError(
          'conflict',
          `job ${jobId} has already ${before.state === 'cancelled' ? 'been cancelled' : before.state}`,
        );
      }
      store.jobs.cancel(jobId);
      const a = active.get(jobId);
      if (a) stop(a, 'cancel');
      schedule();
      return announce(jobId);
    },
    pause(jobId) {
      const before = current(jobId);
      if (before.state !== 'queued' && before.state !== 'running') {
        throw new ApiError(
          'conflict',
          `only a queued or running job can be paused; ${jobId} is ${before.state}`,
        );
      }
      store.jobs.pause(jobId);
      const a = active.get(jobId);
      if (a) requestPause(a);
      return announce(jobId);
    },
    resume(jobId) {
      const before = current(jobId);
      const requeued = store.jobs.requeue(jobId);
      if (requeued.length === 0) {
        throw new ApiError(
          'conflict',
          `only a paused, failed, cancelled or blocked job can be resumed; ${jobId} is ${before.state}`,
        );
      }
      for (const r of requeued) own.add(r);
      for (const r of requeued.slice(1)) announce(r);
      schedule();
      return announce(jobId);
    },
    adopt(jobIds) {
      for (const jobId of jobIds) own.add(jobId);
      schedule();
    },
  };
  if (options.autoStart ?? true) supervisor.start();
  else recoverOrphans('pause');
  return supervisor;
}
