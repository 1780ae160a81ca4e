import type Database from 'better-sqlite3';
import type { DatasetDetail, DatasetSummary, Problem, Utterance } from '../../shared/api';
import { newId, nowIso } from '../ids';

/** What an import produced, in store terms (the jobs layer maps the engine's ImportResult to this). */
export interface DatasetImport {
  name: string;
  format: string;
  root: string;
  utterances: Omit<Utterance, 'datasetId'>[];
  problems: Problem[];
  stats: DatasetStats;
}

export interface DatasetStats {
  languages: DatasetSummary['languages'];
  characters: DatasetDetail['characters'];
  durationHistogram: DatasetDetail['durationHistogram'];
}

interface DatasetRow {
  id: string;
  name: string;
  format: string;
  root: string;
  created_at: string;
  stats_json: string;
}

interface UtteranceRow {
  key: string;
  dataset_id: string;
  utt_id: string;
  language: string;
  speaker: string;
  audio_path: string;
  offset_sec: number | null;
  duration_sec: number;
  transcript: string;
  split: Utterance['split'];
}

function toUtterance(row: UtteranceRow): Utterance {
  return {
    id: row.key,
    datasetId: row.dataset_id,
    language: row.language,
    speaker: row.speaker,
    audioPath: row.audio_path,
    offsetSec: row.offset_sec,
    durationSec: row.duration_sec,
    transcript: row.transcript,
    split: row.split,
  };
}

export class DatasetRepo {
  constructor(private readonly db: Database.Database) {}

  /**
   * Store an import. Re-importing the same root replaces that dataset's rows and keeps its id, so an
   * import is idempotent. Returns the dataset id.
   */
  save(data: DatasetImport): string {
    const existing = this.db.prepare('SELECT id FROM datasets WHERE root = ?').get(data.root) as
      { id: string } | undefined;
    const id = existing?.id ?? newId('ds');
    const insertUtt = this.db.prepare(
      `INSERT INTO utterances (key, dataset_id, utt_id, language, speaker, audio_path, offset_sec, duration_sec, transcript, split)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertProblem = this.db.prepare(
      'INSERT INTO problems (dataset_id, kind, file, line, item_id, message) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.db.transaction(() => {
      if (existing) {
        this.db.prepare('DELETE FROM utterances WHERE dataset_id = ?').run(id);
        this.db.prepare('DELETE FROM problems WHERE dataset_id = ?').run(id);
        this.db
          .prepare('UPDATE datasets SET name = ?, format = ?, stats_json = ? WHERE id = ?')
          .run(data.name, data.format, JSON.stringify(data.stats), id);
      } else {
        this.db
          .prepare(
            'INSERT INTO datasets (id, name, format, root, created_at, stats_json) VALUES (?, ?, ?, ?, ?, ?)',
          )
          .run(id, data.name, data.format, data.root, nowIso(), JSON.stringify(data.stats));
      }
      for (const u of data.utterances) {
        insertUtt.run(
          `${id}/${u.id}`,
          id,
          u.id,
          u.language,
          u.speaker,
          u.audioPath,
          u.offsetSec,
          u.durationSec,
          u.transcript,
          u.split,
        );
      }
      for (const p of data.problems) insertProblem.run(id, p.kind, p.file, p.line, p.itemId, p.message);
    })();
    return id;
  }

  list(): DatasetSummary[] {
    const rows = this.db.prepare('SELECT * FROM datasets ORDER BY created_at DESC, id').all() as DatasetRow[];
    return rows.map((row) => this.summary(row));
  }

  get(id: string): DatasetDetail | undefined {
    const row = this.db.prepare('SELECT * FROM datasets WHERE id = ?').get(id) as DatasetRow | undefined;
    if (!row) return undefined;
    const stats = JSON.parse(row.stats_json) as DatasetStats;
    const splits = this.db
      .prepare(
        'SELECT language, split, COUNT(*) AS utterances FROM utterances WHERE dataset_id = ? GROUP BY language, split ORDER BY language, split',
      )
      .all(id) as DatasetDetail['splits'];
    return {
      ...this.summary(row),
      characters: stats.characters,
      durationHistogram: stats.durationHistogram,
      splits,
    };
  }

  private summary(row: DatasetRow): DatasetSummary {
    const stats = JSON.parse(row.stats_json) as DatasetStats;
    const counts = this.db
      .prepare(
        `SELECT (SELECT COUNT(*) FROM utterances WHERE dataset_id = ?) AS utterances,
                (SELECT COALESCE(SUM(duration_sec), 0) FROM utterances WHERE dataset_id = ?) AS seconds,
                (SELECT COUNT(*) FROM problems WHERE dataset_id = ?) AS problems`,
      )
      .get(row.id, row.id, row.id) as { utterances: number; seconds: number; problems: number };
    return {
      id: row.id,
      name: row.name,
      format: row.format,
      root: row.root,
      createdAt: row.created_at,
      utterances: counts.utterances,
      hours: counts.seconds / 3600,
      problems: counts.problems,
      languages: stats.languages,
    };
  }

  problems(
    datasetId: string,
    filter: { kind?: string; limit: number; offset: number },
  ): { total: number; items: Problem[] } {
    const where = filter.kind ? 'dataset_id = ? AND kind = ?' : 'dataset_id = ?';
    const args = filter.kind ? [datasetId, filter.kind] : [datasetId];
    const total = (
      this.db.prepare(`SELECT COUNT(*) AS n FROM problems WHERE ${where}`).get(...args) as { n: number }
    ).n;
    const items = this.db
      .prepare(
        `SELECT kind, file, line, item_id AS itemId, message FROM problems WHERE ${where} ORDER BY id LIMIT ? OFFSET ?`,
      )
      .all(...args, filter.limit, filter.offset) as Problem[];
    return { total, items };
  }

  utterances(
    datasetId: string,
    filter: { language?: string; split?: string; speaker?: string; limit: number; offset: number },
  ): { total: number; items: Utterance[] } {
    const clauses = ['dataset_id = ?'];
    const args: (string | number)[] = [datasetId];
    for (const [column, value] of [
      ['language', filter.language],
      ['split', filter.split],
      ['speaker', filter.speaker],
    ] as const) {
      if (value !== undefined) {
        clauses.push(`${column} = ?`);
        args.push(value);
      }
    }
    const where = clauses.join(' AND ');
    const total = (
      this.db.prepare(`SELECT COUNT(*) AS n FROM utterances WHERE ${where}`).get(...args) as { n: number }
    ).n;
    const rows = this.db
      .prepare(`SELECT * FROM utterances WHERE ${where} ORDER BY key LIMIT ? OFFSET ?`)
      .all(...args, filter.limit, filter.offset) as UtteranceRow[];
    return { total, items: rows.map(toUtterance) };
  }

  utterance(key: string): Utterance | undefined {
    const row = this.db.prepare('SELECT * FROM utterances WHERE key = ?').get(key) as
      UtteranceRow | undefined;
    return row ? toUtterance(row) : undefined;
  }

  /** Key, split and transcript of every utterance of a dataset, by key (what a run's dataset snapshot hashes). */
  transcripts(datasetId: string): Iterable<{ key: string; split: string; transcript: string }> {
    return this.db
      .prepare('SELECT key, split, transcript FROM utterances WHERE dataset_id = ? ORDER BY key')
      .iterate(datasetId) as Iterable<{ key: string; split: string; transcript: string }>;
  }

  delete(id: string): boolean {
    return this.db.prepare('DELETE FROM datasets WHERE id = ?').run(id).changes > 0;
  }
}
