import type { Migration } from './migration';

/** Mask overlap reports, computed in the worker when a run's masks are written and read by the Masks view. */
export const maskReports: Migration = {
  version: 4,
  name: 'mask overlap reports',
  sql: `
    CREATE TABLE mask_reports (
      run_id TEXT PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
      created_at TEXT NOT NULL,
      report_json TEXT NOT NULL
    );
  `,
};
