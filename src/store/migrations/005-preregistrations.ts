import type { Migration } from './migration';

/**
 * A study's pre-registration as it was when its reproduction group was queued: the file's path, SHA-256 and text,
 * so the group's report can say whether the file was edited after the study started.
 */
export const preregistrations: Migration = {
  version: 5,
  name: 'study pre-registrations',
  sql: `
    CREATE TABLE preregistrations (
      group_id TEXT PRIMARY KEY,
      created_at TEXT NOT NULL,
      path TEXT NOT NULL,
      sha256 TEXT NOT NULL,
      text TEXT NOT NULL
    );
  `,
};
