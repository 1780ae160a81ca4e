import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  migrate,
  schemaVersion,
  MIGRATIONS,
  LATEST_SCHEMA_VERSION,
  openStore,
  openDatabase,
} from '../../src/store';
import { tempDir } from '../helpers/tmp';

function schemaOf(db: Database.Database): string[] {
  return (
    db
      .prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name")
      .all() as {
      type: string;
      name: string;
      sql: string | null;
    }[]
  ).map((r) => `${r.type} ${r.name}: ${(r.sql ?? '').replace(/\s+/g, ' ')}`);
}

/** Rows that are valid at schema version 1 and must survive every later migration. */
function seedVersion1(db: Database.Database): void {
  db.prepare(
    `INSERT INTO datasets VALUES ('ds_1', 'demo', 'jsonl', '/corpus', '2026-01-01', '{"languages":[]}')`,
  ).run();
  db.prepare(
    `INSERT INTO utterances VALUES ('ds_1/u1', 'ds_1', 'u1', 'fr', 'spk1', '/corpus/u1.wav', NULL, 1.5, 'été', 'train')`,
  ).run();
  db.prepare(
    `INSERT INTO runs (id, name, kind, state, seed, config_json, dataset_ids_json, app_version, created_at)
     VALUES ('run_1', 'dense', 'dense', 'created', 1, '{}', '["ds_1"]', '0.1.0', '2026-01-01')`,
  ).run();
  db.prepare(`INSERT INTO metrics VALUES ('run_1', 'loss', 1, 2.5)`).run();
}

describe('migrations', () => {
  it('numbers versions consecutively from 1', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  });

  it('migrates an empty database to the latest version', () => {
    const db = new Database(':memory:');
    expect(migrate(db)).toEqual({ from: 0, to: LATEST_SCHEMA_VERSION });
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    expect(migrate(db)).toEqual({ from: LATEST_SCHEMA_VERSION, to: LATEST_SCHEMA_VERSION });
  });

  for (const start of MIGRATIONS.map((m) => m.version).slice(0, -1)) {
    it(`migrates from version ${start} to the same schema as a fresh database, keeping data`, () => {
      const fresh = new Database(':memory:');
      migrate(fresh);
      const old = new Database(':memory:');
      old.pragma('foreign_keys = ON');
      migrate(old, { to: 1 });
      seedVersion1(old);
      migrate(old, { to: start });
      expect(schemaVersion(old)).toBe(start);
      migrate(old);
      expect(schemaOf(old)).toEqual(schemaOf(fresh));
      expect(old.prepare('SELECT transcript FROM utterances').get()).toEqual({ transcript: 'été' });
      expect(old.prepare('SELECT value FROM metrics').get()).toEqual({ value: 2.5 });
      expect(old.pragma('foreign_key_check')).toEqual([]);
    });
  }

  it('rolls a failing migration back and stays at the last good version', () => {
    const db = new Database(':memory:');
    const broken = [
      ...MIGRATIONS,
      { version: LATEST_SCHEMA_VERSION + 1, name: 'broken', sql: 'CREATE TABLE x (a); SELECT * FROM nope;' },
    ];
    expect(() => migrate(db, { migrations: broken })).toThrow(/nope/);
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'x'").get()).toBeUndefined();
  });

  it('refuses a database newer than the app', () => {
    const db = new Database(':memory:');
    db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 5}`);
    expect(() => migrate(db)).toThrow(/newer than this app/);
  });
});

describe('openStore', () => {
  it('creates the home layout with a WAL database and foreign keys on', () => {
    const home = tempDir();
    try {
      const store = openStore(join(home.path, 'home'));
      expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(store.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
      store.close();
      const again = openDatabase(join(home.path, 'home', 'studio.db'));
      expect(schemaVersion(again)).toBe(LATEST_SCHEMA_VERSION);
      again.close();
    } finally {
      home.cleanup();
    }
  });

  it('names the folder when the home cannot be created', () => {
    const dir = tempDir();
    try {
      writeFileSync(join(dir.path, 'file'), 'not a folder');
      expect(() => openStore(join(dir.path, 'file', 'home'))).toThrow(/cannot use home folder .*file\/home/);
    } finally {
      dir.cleanup();
    }
  });
});
