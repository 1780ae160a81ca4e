import type Database from 'better-sqlite3';
import { SettingsSchema, type Settings } from '../../shared/api';
import { cpus } from 'node:os';

/** 4 GiB: a few hours of 16 kHz FLAC or a small corpus of WAV files. */
export const DEFAULT_UPLOAD_LIMIT_MB = 4096;

export function defaultSettings(): Settings {
  return {
    backend: 'auto',
    concurrency: Math.max(1, cpus().length),
    theme: 'system',
    uploadLimitMb: DEFAULT_UPLOAD_LIMIT_MB,
    browseRoots: [],
  };
}

export class SettingsRepo {
  constructor(private readonly db: Database.Database) {}

  get(): Settings {
    const rows = this.db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[];
    const stored = Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
    const merged = { ...defaultSettings(), ...stored };
    const parsed = SettingsSchema.safeParse(merged);
    return parsed.success ? parsed.data : defaultSettings();
  }

  set(patch: Partial<Settings>): Settings {
    const next = SettingsSchema.parse({ ...this.get(), ...patch });
    const put = this.db.prepare(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
    );
    this.db.transaction(() => {
      for (const [key, value] of Object.entries(patch)) put.run(key, JSON.stringify(value));
    })();
    return next;
  }
}
