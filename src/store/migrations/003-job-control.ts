import type { Migration } from './migration';

/**
 * Job supervision across processes: which supervisor owns a running job, a pending control request
 * (pause) for the owner to act on, and one row per live supervisor with its heartbeat so another app
 * instance on the same home folder can tell a dead owner's jobs (orphans) from a live one's.
 */
export const jobControl: Migration = {
  version: 3,
  name: 'job owners, control requests, supervisor heartbeats',
  sql: `
    ALTER TABLE jobs ADD COLUMN owner TEXT;
    ALTER TABLE jobs ADD COLUMN control TEXT;
    CREATE TABLE supervisors (
      id TEXT PRIMARY KEY,
      pid INTEGER NOT NULL,
      host TEXT NOT NULL,
      started_at TEXT NOT NULL,
      heartbeat_at TEXT NOT NULL
    );
    CREATE INDEX job_deps_by_dependency ON job_deps(depends_on);
  `,
};
