import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { homeLayout, type HomeLayout } from './home';
import { migrate, schemaVersion } from './migrate';
import { DatasetRepo } from './repos/datasets';
import { JobRepo } from './repos/jobs';
import { RunRepo } from './repos/runs';
import { SettingsRepo } from './repos/settings';

/** An open home folder: the SQLite database (WAL, foreign keys, migrated) and its repositories. */
export interface Store {
  db: Database.Database;
  layout: HomeLayout;
  schemaVersion: number;
  settings: SettingsRepo;
  datasets: DatasetRepo;
  runs: RunRepo;
  jobs: JobRepo;
  close(): void;
}

export function openDatabase(path: string): Database.Database {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  return db;
}

export function openStore(home: string): Store {
  const layout = homeLayout(home);
  try {
    mkdirSync(layout.root, { recursive: true });
    mkdirSync(layout.runs, { recursive: true });
  } catch (error) {
    throw new Error(`cannot use home folder ${layout.root}: ${(error as Error).message}`);
  }
  const db = openDatabase(layout.db);
  migrate(db);
  return {
    db,
    layout,
    schemaVersion: schemaVersion(db),
    settings: new SettingsRepo(db),
    datasets: new DatasetRepo(db),
    runs: new RunRepo(db),
    jobs: new JobRepo(db),
    close: () => db.close(),
  };
}
