import type Database from 'better-sqlite3';
import type { z } from 'zod';
import type { Evaluation, EvaluationTiming, TimedTokenSchema } from '../../shared/api';
import { newId, nowIso } from '../ids';

export type TimedToken = z.infer<typeof TimedTokenSchema>;

/** One scored utterance of an evaluation, as the eval job writes it. */
export interface HypothesisRecord {
  /** The utterance key in the store (`<datasetId>/<uttId>`). */
  utteranceKey: string;
  language: string;
  reference: string;
  hypothesis: string;
  wordErrors: number;
  refWords: number;
  charErrors: number;
  refChars: number;
  /** Token timings of the hypothesis. */
  tokens: TimedToken[];
}

export interface NewEvaluation {
  runId: string;
  datasetId: string | null;
  split: string;
  hypotheses: HypothesisRecord[];
  /** The eval job's decoding time, kept in the evaluation's summary. */
  timing?: EvaluationTiming;
}

/** A stored hypothesis with what the store knows of its utterance (speaker and duration; unknown when deleted). */
export interface StoredHypothesis extends HypothesisRecord {
  speaker: string;
  durationSec: number;
}

/** An utterance's error counts alone, for statistics over many utterances. */
export interface UtteranceCounts {
  utteranceKey: string;
  language: string;
  wordErrors: number;
  refWords: number;
  charErrors: number;
  refChars: number;
}

interface EvaluationRow {
  id: string;
  run_id: string;
  dataset_id: string | null;
  split: string;
  created_at: string;
  summary_json: string;
}

interface HypothesisRow {
  utterance_key: string;
  language: string;
  reference: string;
  hypothesis: string;
  word_errors: number;
  ref_words: number;
  char_errors: number;
  ref_chars: number;
  timings_json: string;
  speaker: string | null;
  duration_sec: number | null;
}

const rate = (errors: number, length: number) => (length === 0 ? (errors === 0 ? 0 : 1) : errors / length);

/** Evaluations (`evaluations`) and their scored utterances (`hypotheses`). */
export class EvaluationRepo {
  constructor(private readonly db: Database.Database) {}

  /** Store an evaluation and its per-utterance hypotheses in one transaction; returns its id. */
  save(evaluation: NewEvaluation): string {
    const id = newId('eval');
    const put = this.db.prepare(
      `INSERT INTO hypotheses (evaluation_id, utterance_key, language, reference, hypothesis, word_errors, ref_words,
         char_errors, ref_chars, timings_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.db.transaction(() => {
      this.db
        .prepare(
          'INSERT INTO evaluations (id, run_id, dataset_id, split, created_at, summary_json) VALUES (?, ?, ?, ?, ?, ?)',
        )
        .run(
          id,
          evaluation.runId,
          evaluation.datasetId,
          evaluation.split,
          nowIso(),
          JSON.stringify({ utterances: evaluation.hypotheses.length, ...evaluation.timing }),
        );
      for (const h of evaluation.hypotheses) {
        put.run(
          id,
          h.utteranceKey,
          h.language,
          h.reference,
          h.hypothesis,
          h.wordErrors,
          h.refWords,
          h.charErrors,
          h.refChars,
          JSON.stringify(h.tokens),
        );
      }
    })();
    return id;
  }

  /** Evaluations, newest first, of one run or of all. */
  list(runId?: string): Evaluation[] {
    const rows = (
      runId
        ? this.db
            .prepare('SELECT * FROM evaluations WHERE run_id = ? ORDER BY created_at DESC, id')
            .all(runId)
        : this.db.prepare('SELECT * FROM evaluations ORDER BY created_at DESC, id').all()
    ) as EvaluationRow[];
    return rows.map((r) => this.toEvaluation(r));
  }

  get(id: string): Evaluation | undefined {
    const row = this.db.prepare('SELECT * FROM evaluations WHERE id = ?').get(id) as
      EvaluationRow | undefined;
    return row ? this.toEvaluation(row) : undefined;
  }

  /** The evaluation's hypotheses by utterance key (only `utteranceKey`'s when given). */
  hypotheses(evaluationId: string, utteranceKey?: string): StoredHypothesis[] {
    const rows = this.db
      .prepare(
        `SELECT h.*, u.speaker AS speaker, u.duration_sec AS duration_sec FROM hypotheses h
         LEFT JOIN utterances u ON u.key = h.utterance_key
         WHERE h.evaluation_id = ? ${utteranceKey !== undefined ? 'AND h.utterance_key = ?' : ''} ORDER BY h.utterance_key`,
      )
      .all(
        ...(utteranceKey !== undefined ? [evaluationId, utteranceKey] : [evaluationId]),
      ) as HypothesisRow[];
    return rows.map((r) => {
      const tokens = JSON.parse(r.timings_json) as TimedToken[];
      return {
        utteranceKey: r.utterance_key,
        language: r.language,
        reference: r.reference,
        hypothesis: r.hypothesis,
        wordErrors: r.word_errors,
        refWords: r.ref_words,
        charErrors: r.char_errors,
        refChars: r.ref_chars,
        tokens,
        speaker: r.speaker ?? '',
        durationSec: r.duration_sec ?? tokens.reduce((end, t) => Math.max(end, t.endSec), 0),
      };
    });
  }

  /** The evaluation's error counts per utterance, by utterance key (no texts or timings). */
  counts(evaluationId: string): UtteranceCounts[] {
    return this.db
      .prepare(
        `SELECT utterance_key AS utteranceKey, language, word_errors AS wordErrors, ref_words AS refWords,
           char_errors AS charErrors, ref_chars AS refChars
         FROM hypotheses WHERE evaluation_id = ? ORDER BY utterance_key`,
      )
      .all(evaluationId) as UtteranceCounts[];
  }

  private toEvaluation(row: EvaluationRow): Evaluation {
    const summary = JSON.parse(row.summary_json) as Partial<EvaluationTiming>;
    return {
      id: row.id,
      runId: row.run_id,
      datasetId: row.dataset_id,
      split: row.split,
      createdAt: row.created_at,
      perLanguage: this.perLanguage(row.id),
      ...(summary.decodeSeconds !== undefined &&
        summary.utterancesPerSecond !== undefined && {
          timing: { decodeSeconds: summary.decodeSeconds, utterancesPerSecond: summary.utterancesPerSecond },
        }),
    };
  }

  /** WER and CER per language of one evaluation, pooled over its utterances (errors / reference length). */
  private perLanguage(evaluationId: string): Evaluation['perLanguage'] {
    const rows = this.db
      .prepare(
        `SELECT language, SUM(word_errors) AS we, SUM(ref_words) AS rw, SUM(char_errors) AS ce, SUM(ref_chars) AS rc, COUNT(*) AS n
         FROM hypotheses WHERE evaluation_id = ? GROUP BY language ORDER BY language`,
      )
      .all(evaluationId) as { language: string; we: number; rw: number; ce: number; rc: number; n: number }[];
    return Object.fromEntries(
      rows.map((r) => [r.language, { wer: rate(r.we, r.rw), cer: rate(r.ce, r.rc), utterances: r.n }]),
    );
  }
}
