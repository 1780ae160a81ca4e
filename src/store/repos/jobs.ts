import type Database from 'better-sqlite3';
import type { Job, JobProgress, JobState } from '../../shared/api';
import { newId, nowIso } from '../ids';

interface JobRow {
  id: string;
  kind: string;
  state: JobState;
  run_id: string | null;
  dataset_id: string | null;
  payload_json: string;
  attempts: number;
  error: string | null;
  progress_json: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

export interface NewJob {
  kind: string;
  payload: Record<string, unknown>;
  runId?: string | null;
  datasetId?: string | null;
  dependsOn?: string[];
}

export class JobRepo {
  constructor(private readonly db: Database.Database) {}

  create(job: NewJob): Job {
    const id = newId('job');
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO jobs (id, kind, state, run_id, dataset_id, payload_json, created_at) VALUES (?, ?, 'queued', ?, ?, ?, ?)`,
        )
        .run(id, job.kind, job.runId ?? null, job.datasetId ?? null, JSON.stringify(job.payload), nowIso());
      const dep = this.db.prepare('INSERT INTO job_deps (job_id, depends_on) VALUES (?, ?)');
      for (const d of job.dependsOn ?? []) dep.run(id, d);
    })();
    return this.get(id)!;
  }

  get(id: string): Job | undefined {
    const row = this.db.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as JobRow | undefined;
    return row ? this.toJob(row) : undefined;
  }

  payload(id: string): Record<string, unknown> | undefined {
    const row = this.db.prepare('SELECT payload_json FROM jobs WHERE id = ?').get(id) as
      { payload_json: string } | undefined;
    return row ? (JSON.parse(row.payload_json) as Record<string, unknown>) : undefined;
  }

  list(options: { states?: JobState[]; limit: number }): Job[] {
    const rows = (
      options.states && options.states.length > 0
        ? this.db
            .prepare(
              `SELECT * FROM jobs WHERE state IN (${options.states.map(() => '?').join(',')}) ORDER BY created_at DESC, id DESC LIMIT ?`,
            )
            .all(...options.states, options.limit)
        : this.db.prepare('SELECT * FROM jobs ORDER BY created_at DESC, id DESC LIMIT ?').all(options.limit)
    ) as JobRow[];
    return rows.map((r) => this.toJob(r));
  }

  /** Every job of these runs, oldest first. */
  ofRuns(runIds: string[]): Job[] {
    if (runIds.length === 0) return [];
    const rows = this.db
      .prepare(
        `SELECT * FROM jobs WHERE run_id IN (${runIds.map(() => '?').join(',')}) ORDER BY created_at, rowid`,
      )
      .all(...runIds) as JobRow[];
    return rows.map((r) => this.toJob(r));
  }

  setProgress(id: string, progress: JobProgress): void {
    this.db
      .prepare('UPDATE jobs SET progress_json = ?, heartbeat_at = ? WHERE id = ?')
      .run(JSON.stringify(progress), nowIso(), id);
  }

  log(
    id: string,
    level: 'info' | 'warn' | 'error',
    line: string,
  ): { jobId: string; level: typeof level; line: string; at: string } {
    const at = nowIso();
    this.db
      .prepare('INSERT INTO job_logs (job_id, level, line, at) VALUES (?, ?, ?, ?)')
      .run(id, level, line, at);
    return { jobId: id, level, line, at };
  }

  /** Up to `limit` log lines, oldest first: the newest ones after skipping the `offset` newest (a page further back). */
  logs(
    id: string,
    limit: number,
    offset = 0,
  ): { jobId: string; level: 'info' | 'warn' | 'error'; line: string; at: string }[] {
    return this.db
      .prepare(
        'SELECT job_id AS jobId, level, line, at FROM (SELECT * FROM job_logs WHERE job_id = ? ORDER BY id DESC LIMIT ? OFFSET ?) ORDER BY id',
      )
      .all(id, limit, offset) as {
      jobId: string;
      level: 'info' | 'warn' | 'error';
      line: string;
      at: string;
    }[];
  }

  /** Take a queued job for a supervisor; false when another one took it first (or it is no longer queued). */
  claim(id: string, owner: string): boolean {
    const now = nowIso();
    return (
      this.db
        .prepare(
          `UPDATE jobs SET state = 'running', owner = ?, control = NULL, error = NULL, worker_pid = NULL,
             attempts = attempts + 1, started_at = COALESCE(started_at, ?), finished_at = NULL, heartbeat_at = ?
           WHERE id = ? AND state = 'queued'`,
        )
        .run(owner, now, now, id).changes === 1
    );
  }

  /** Record the dataset a job produced (an import). */
  attachDataset(id: string, datasetId: string): void {
    this.db.prepare('UPDATE jobs SET dataset_id = ? WHERE id = ?').run(datasetId, id);
  }

  setWorkerPid(id: string, pid: number | null): void {
    this.db.prepare('UPDATE jobs SET worker_pid = ? WHERE id = ?').run(pid, id);
  }

  /**
   * End a running job owned by `owner`: to a final state, to `paused`, or back to `queued` (to resume from its
   * checkpoint). Does nothing when the job was changed meanwhile (cancelled by anyone), so a cancel always wins.
   */
  release(
    id: string,
    owner: string,
    state: 'succeeded' | 'failed' | 'paused' | 'queued',
    error: string | null = null,
  ): boolean {
    const finished = state === 'succeeded' || state === 'failed' ? nowIso() : null;
    return (
      this.db
        .prepare(
          `UPDATE jobs SET state = ?, error = ?, finished_at = ?, owner = NULL, control = NULL, worker_pid = NULL
           WHERE id = ? AND state = 'running' AND owner = ?`,
        )
        .run(state, error, finished, id, owner).changes === 1
    );
  }

  /** Queued jobs whose dependencies have all succeeded, oldest first. */
  runnable(limit: number): Job[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM jobs j WHERE state = 'queued' AND NOT EXISTS (
           SELECT 1 FROM job_deps d JOIN jobs p ON p.id = d.depends_on WHERE d.job_id = j.id AND p.state != 'succeeded')
         ORDER BY created_at, rowid LIMIT ?`,
      )
      .all(limit) as JobRow[];
    return rows.map((r) => this.toJob(r));
  }

  /** Mark queued jobs whose dependency failed, was cancelled or is blocked as blocked, with the reason; returns them. */
  blockDependents(): Job[] {
    const rows = this.db
      .prepare(
        `SELECT j.id AS id, p.id AS dep, p.state AS depState FROM jobs j
           JOIN job_deps d ON d.job_id = j.id JOIN jobs p ON p.id = d.depends_on
         WHERE j.state = 'queued' AND p.state IN ('failed', 'cancelled', 'blocked')`,
      )
      .all() as { id: string; dep: string; depState: string }[];
    const block = this.db.prepare(
      `UPDATE jobs SET state = 'blocked', error = ?, finished_at = ? WHERE id = ? AND state = 'queued'`,
    );
    const changed: string[] = [];
    this.db.transaction(() => {
      for (const r of rows) {
        const verb =
          r.depState === 'failed' ? 'failed' : r.depState === 'cancelled' ? 'was cancelled' : 'is blocked';
        if (block.run(`dependency ${r.dep} ${verb}`, nowIso(), r.id).changes === 1) changed.push(r.id);
      }
    })();
    return changed.map((id) => this.get(id)!);
  }

  /** Cancel a job that has not finished; returns undefined when it does not exist, the job unchanged when it had. */
  cancel(id: string): Job | undefined {
    this.db
      .prepare(
        `UPDATE jobs SET state = 'cancelled', control = NULL, finished_at = ?
         WHERE id = ? AND state IN ('queued', 'running', 'paused', 'blocked')`,
      )
      .run(nowIso(), id);
    return this.get(id);
  }

  /** Pause: a queued job at once; a running one by asking its owner (it stops at the next checkpoint). */
  pause(id: string): Job | undefined {
    this.db.prepare(`UPDATE jobs SET state = 'paused' WHERE id = ? AND state = 'queued'`).run(id);
    this.db.prepare(`UPDATE jobs SET control = 'pause' WHERE id = ? AND state = 'running'`).run(id);
    return this.get(id);
  }

  /**
   * Put a paused, failed, cancelled or blocked job back in the queue (it resumes from its last checkpoint),
   * together with the jobs that were blocked because of it. Returns the ids re-queued.
   */
  requeue(id: string): string[] {
    const requeued: string[] = [];
    const put = this.db.prepare(
      `UPDATE jobs SET state = 'queued', error = NULL, finished_at = NULL, control = NULL
       WHERE id = ? AND state IN ('paused', 'failed', 'cancelled', 'blocked')`,
    );
    const blockedDependents = this.db.prepare(
      `SELECT j.id FROM job_deps d JOIN jobs j ON j.id = d.job_id WHERE d.depends_on = ? AND j.state = 'blocked'`,
    );
    this.db.transaction(() => {
      const visit = (jobId: string, first: boolean) => {
        if (put.run(jobId).changes !== 1 && first) return;
        requeued.push(jobId);
        for (const r of blockedDependents.all(jobId) as { id: string }[]) visit(r.id, false);
      };
      visit(id, true);
    })();
    return requeued;
  }

  /** Owner, pending control request and state of jobs, for a supervisor checking on the jobs it runs. */
  controlOf(ids: string[]): Map<string, { state: JobState; owner: string | null; control: string | null }> {
    const get = this.db.prepare('SELECT state, owner, control FROM jobs WHERE id = ?');
    const out = new Map<string, { state: JobState; owner: string | null; control: string | null }>();
    for (const id of ids) {
      const row = get.get(id) as
        { state: JobState; owner: string | null; control: string | null } | undefined;
      if (row) out.set(id, row);
    }
    return out;
  }

  /** Running jobs with their owner's liveness data (null when the owner has no supervisor row). */
  runningWithOwners(): {
    id: string;
    owner: string | null;
    ownerPid: number | null;
    ownerHost: string | null;
    ownerHeartbeat: string | null;
  }[] {
    return this.db
      .prepare(
        `SELECT j.id AS id, j.owner AS owner, s.pid AS ownerPid, s.host AS ownerHost, s.heartbeat_at AS ownerHeartbeat
         FROM jobs j LEFT JOIN supervisors s ON s.id = j.owner WHERE j.state = 'running'`,
      )
      .all() as {
      id: string;
      owner: string | null;
      ownerPid: number | null;
      ownerHost: string | null;
      ownerHeartbeat: string | null;
    }[];
  }

  /** Re-queue a running job whose owner died (it resumes from its checkpoint); false when it was not running. */
  recoverOrphan(id: string, expectedOwner: string | null): boolean {
    return (
      this.db
        .prepare(
          `UPDATE jobs SET state = 'queued', owner = NULL, control = NULL, worker_pid = NULL
           WHERE id = ? AND state = 'running' AND owner IS ?`,
        )
        .run(id, expectedOwner).changes === 1
    );
  }

  /** Pause a running job whose owner died, for a later resume; false when it was not running under that owner. */
  pauseOrphan(id: string, expectedOwner: string | null): boolean {
    return (
      this.db
        .prepare(
          `UPDATE jobs SET state = 'paused', owner = NULL, control = NULL, worker_pid = NULL,
             error = 'its supervisor process died; resume to continue from the last checkpoint'
           WHERE id = ? AND state = 'running' AND owner IS ?`,
        )
        .run(id, expectedOwner).changes === 1
    );
  }

  registerSupervisor(id: string, pid: number, host: string): void {
    const now = nowIso();
    this.db
      .prepare('INSERT INTO supervisors (id, pid, host, started_at, heartbeat_at) VALUES (?, ?, ?, ?, ?)')
      .run(id, pid, host, now, now);
  }

  supervisorHeartbeat(id: string): void {
    this.db.prepare('UPDATE supervisors SET heartbeat_at = ? WHERE id = ?').run(nowIso(), id);
  }

  removeSupervisor(id: string): void {
    this.db.prepare('DELETE FROM supervisors WHERE id = ?').run(id);
  }

  /** Forget supervisor rows no job refers to and whose heartbeat is older than `before` (ISO time). */
  pruneSupervisors(before: string): void {
    this.db
      .prepare(
        `DELETE FROM supervisors WHERE heartbeat_at < ? AND NOT EXISTS (SELECT 1 FROM jobs WHERE owner = supervisors.id)`,
      )
      .run(before);
  }

  private toJob(row: JobRow): Job {
    const deps = this.db
      .prepare('SELECT depends_on FROM job_deps WHERE job_id = ? ORDER BY depends_on')
      .all(row.id) as {
      depends_on: string;
    }[];
    return {
      id: row.id,
      kind: row.kind,
      state: row.state,
      runId: row.run_id,
      datasetId: row.dataset_id,
      dependsOn: deps.map((d) => d.depends_on),
      attempts: row.attempts,
      error: row.error,
      createdAt: row.created_at,
      startedAt: row.started_at,
      finishedAt: row.finished_at,
      progress: row.progress_json ? (JSON.parse(row.progress_json) as JobProgress) : null,
    };
  }
}
