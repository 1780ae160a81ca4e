import type Database from 'better-sqlite3';
import { MIGRATIONS, type Migration } from './migrations';

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Apply every migration newer than the database, each in its own transaction together with its
 * user_version bump, so a failure leaves the database at the last good version. `to` stops early (tests).
 */
export function migrate(
  db: Database.Database,
  options: { to?: number; migrations?: readonly Migration[] } = {},
): { from: number; to: number } {
  const migrations = options.migrations ?? MIGRATIONS;
  const from = schemaVersion(db);
  const latest = migrations[migrations.length - 1]?.version ?? 0;
  if (from > latest) {
    throw new Error(
      `database schema version ${from} is newer than this app knows (${latest}); update the app`,
    );
  }
  const target = options.to ?? latest;
  for (const migration of migrations) {
    if (migration.version <= from || migration.version > target) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
  return { from, to: schemaVersion(db) };
}
