import type { Migration } from './migration';

/** Evaluation results: one row per (run, dataset split) and one per utterance hypothesis. */
export const evaluations: Migration = {
  version: 2,
  name: 'evaluations and per-utterance hypotheses',
  sql: `
    CREATE TABLE evaluations (
      id TEXT PRIMARY KEY,
      run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
      dataset_id TEXT REFERENCES datasets(id) ON DELETE SET NULL,
      split TEXT NOT NULL,
      created_at TEXT NOT NULL,
      summary_json TEXT NOT NULL
    );
    CREATE TABLE hypotheses (
      evaluation_id TEXT NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
      utterance_key TEXT NOT NULL,
      language TEXT NOT NULL,
      reference TEXT NOT NULL,
      hypothesis TEXT NOT NULL,
      word_errors INTEGER NOT NULL,
      ref_words INTEGER NOT NULL,
      char_errors INTEGER NOT NULL,
      ref_chars INTEGER NOT NULL,
      timings_json TEXT NOT NULL DEFAULT '[]',
      PRIMARY KEY (evaluation_id, utterance_key)
    ) WITHOUT ROWID;
    CREATE INDEX hypotheses_by_language ON hypotheses(evaluation_id, language);
    ALTER TABLE runs ADD COLUMN parent_run_id TEXT REFERENCES runs(id) ON DELETE SET NULL;
  `,
};
