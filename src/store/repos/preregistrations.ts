import type Database from 'better-sqlite3';
import { nowIso } from '../ids';

/** A study's pre-registration file as it was when its group was queued. */
export interface Preregistration {
  groupId: string;
  createdAt: string;
  path: string;
  sha256: string;
  text: string;
}

/** Pre-registrations of reproduction groups (`preregistrations`, one per group, written once). */
export class PreregistrationRepo {
  constructor(private readonly db: Database.Database) {}

  /** Record the file of a group that is being queued; a group's pre-registration is never replaced. */
  save(groupId: string, file: { path: string; sha256: string; text: string }): Preregistration {
    const createdAt = nowIso();
    this.db
      .prepare(
        'INSERT INTO preregistrations (group_id, created_at, path, sha256, text) VALUES (?, ?, ?, ?, ?)',
      )
      .run(groupId, createdAt, file.path, file.sha256, file.text);
    return { groupId, createdAt, ...file };
  }

  get(groupId: string): Preregistration | undefined {
    const row = this.db
      .prepare('SELECT group_id, created_at, path, sha256, text FROM preregistrations WHERE group_id = ?')
      .get(groupId) as
      { group_id: string; created_at: string; path: string; sha256: string; text: string } | undefined;
    return row
      ? {
          groupId: row.group_id,
          createdAt: row.created_at,
          path: row.path,
          sha256: row.sha256,
          text: row.text,
        }
      : undefined;
  }
}
