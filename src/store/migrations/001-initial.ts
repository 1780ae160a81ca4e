import type { Migration } from './migration';

export const initial: Migration = {
  version: 1,
  name: 'datasets, utterances, problems, runs, metrics, artifacts, jobs, settings',
  sql: `
    CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE datasets (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      format TEXT NOT NULL,
      root TEXT NOT NULL UNIQUE,
      created_at TEXT NOT NULL,
      stats_json TEXT NOT NULL
    );
    CREATE TABLE utterances (
      key TEXT PRIMARY KEY,
      dataset_id TEXT NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
      utt_id TEXT NOT NULL,
      language TEXT NOT NULL,
      speaker TEXT NOT NULL,
      audio_path TEXT NOT NULL,
      offset_sec REAL,
      duration_sec REAL NOT NULL,
      transcript TEXT NOT NULL,
      split TEXT NOT NULL CHECK (split IN ('train', 'dev', 'test')),
      UNIQUE (dataset_id, utt_id)
    );
    CREATE INDEX utterances_by_language ON utterances(dataset_id, language, split);
    CREATE TABLE problems (
      id INTEGER PRIMARY KEY,
      dataset_id TEXT NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
      kind TEXT NOT NULL,
      file TEXT NOT NULL,
      line INTEGER,
      item_id TEXT,
      message TEXT NOT NULL
    );
    CREATE INDEX problems_by_dataset ON problems(dataset_id, kind);
    CREATE TABLE runs (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      kind TEXT NOT NULL,
      state TEXT NOT NULL,
      seed INTEGER NOT NULL,
      config_json TEXT NOT NULL,
      dataset_ids_json TEXT NOT NULL,
      app_version TEXT NOT NULL,
      backend TEXT,
      tags_json TEXT NOT NULL DEFAULT '[]',
      notes TEXT NOT NULL DEFAULT '',
      created_at TEXT NOT NULL
    );
    CREATE TABLE metrics (
      run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
      name TEXT NOT NULL,
      step INTEGER NOT NULL,
      value REAL NOT NULL,
      PRIMARY KEY (run_id, name, step)
    ) WITHOUT ROWID;
    CREATE TABLE artifacts (
      id TEXT PRIMARY KEY,
      run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
      kind TEXT NOT NULL,
      path TEXT NOT NULL,
      bytes INTEGER NOT NULL,
      sha256 TEXT NOT NULL,
      created_at TEXT NOT NULL
    );
    CREATE TABLE jobs (
      id TEXT PRIMARY KEY,
      kind TEXT NOT NULL,
      state TEXT NOT NULL,
      run_id TEXT REFERENCES runs(id) ON DELETE SET NULL,
      dataset_id TEXT REFERENCES datasets(id) ON DELETE SET NULL,
      payload_json TEXT NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 0,
      error TEXT,
      progress_json TEXT,
      created_at TEXT NOT NULL,
      started_at TEXT,
      finished_at TEXT,
      heartbeat_at TEXT,
      worker_pid INTEGER
    );
    CREATE INDEX jobs_by_state ON jobs(state);
    CREATE TABLE job_deps (
      job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
      depends_on TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
      PRIMARY KEY (job_id, depends_on)
    );
    CREATE TABLE job_logs (
      id INTEGER PRIMARY KEY,
      job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
      level TEXT NOT NULL,
      line TEXT NOT NULL,
      at TEXT NOT NULL
    );
    CREATE INDEX job_logs_by_job ON job_logs(job_id, id);
  `,
};
