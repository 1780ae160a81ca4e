import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { migrate, openDatabase, openStore, openStoreReadOnly } from '../../src/store';
import { tempDir } from '../helpers/tmp';
import { NEW_RUN as newRun } from './fixtures';

describe('openStoreReadOnly', () => {
  let home: ReturnType<typeof tempDir>;
  beforeEach(() => {
    home = tempDir();
  });
  afterEach(() => home.cleanup());

  it('reads a home that a writer holds open, sees its later writes, and refuses to write', () => {
    const writer = openStore(home.path);
    const first = writer.runs.create(newRun);
    const reader = openStoreReadOnly(home.path);
    try {
      expect(reader.runs.get(first.id)?.name).toBe('r');
      const second = writer.runs.create({ ...newRun, name: 'later' });
      expect(reader.runs.get(second.id)?.name).toBe('later');
      expect(() => reader.runs.create(newRun)).toThrow(/readonly/i);
      expect(writer.runs.list()).toHaveLength(2);
    } finally {
      reader.close();
      writer.close();
    }
  });

  it('leaves the database file untouched', () => {
    openStore(home.path).close();
    const db = join(home.path, 'studio.db');
    const before = { bytes: readFileSync(db), mtime: statSync(db).mtimeMs };
    const reader = openStoreReadOnly(home.path);
    expect(reader.runs.list()).toEqual([]);
    reader.close();
    expect(readFileSync(db).equals(before.bytes)).toBe(true);
    expect(statSync(db).mtimeMs).toBe(before.mtime);
  });

  it('does not create a missing home', () => {
    const missing = join(home.path, 'nowhere');
    expect(() => openStoreReadOnly(missing)).toThrow(/cannot open .*nowhere.*studio\.db read-only/);
    expect(existsSync(missing)).toBe(false);
  });

  it('refuses a database at an older schema instead of migrating it', () => {
    const path = join(home.path, 'studio.db');
    const old = openDatabase(path);
    migrate(old, { to: 1 });
    old.close();
    expect(() => openStoreReadOnly(home.path)).toThrow(/schema version 1, this app reads version \d+/);
    const check = openDatabase(path);
    expect(check.pragma('user_version', { simple: true })).toBe(1);
    check.close();
  });
});
