import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { homeLayout, type HomeLayout } from './home';
import { migrate, schemaVersion } from './migrate';
import { LATEST_SCHEMA_VERSION } from './migrations';
import { DatasetRepo } from './repos/datasets';
import { EvaluationRepo } from './repos/evaluations';
import { JobRepo } from './repos/jobs';
import { MaskReportRepo } from './repos/mask-reports';
import { PreregistrationRepo } from './repos/preregistrations';
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
  evaluations: EvaluationRepo;
  maskReports: MaskReportRepo;
  preregistrations: PreregistrationRepo;
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
  return storeOf(db, layout);
}

/**
 * Open an existing home folder without writing to it (another process may be using it): no folder is
 * created, nothing is migrated, and every write through the repositories fails. The database must
 * already be at this app's schema version.
 */
export function openStoreReadOnly(home: string): Store {
  const layout = homeLayout(home);
  let db: Database.Database;
  try {
    db = new Database(layout.db, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new Error(`cannot open ${layout.db} read-only: ${(error as Error).message}`);
  }
  db.pragma('busy_timeout = 5000');
  const version = schemaVersion(db);
  if (version !== LATEST_SCHEMA_VERSION) {
    db.close();
    throw new Error(
      `${layout.db} has schema version ${version}, this app reads version ${LATEST_SCHEMA_VERSION}; a read-only store cannot migrate it`,
    );
  }
  return storeOf(db, layout);
}

function storeOf(db: Database.Database, layout: HomeLayout): Store {
  return {
    db,
    layout,
    schemaVersion: schemaVersion(db),
    settings: new SettingsRepo(db),
    datasets: new DatasetRepo(db),
    runs: new RunRepo(db),
    jobs: new JobRepo(db),
    evaluations: new EvaluationRepo(db),
    maskReports: new MaskReportRepo(db),
    preregistrations: new PreregistrationRepo(db),
    close: () => db.close(),
  };
}
