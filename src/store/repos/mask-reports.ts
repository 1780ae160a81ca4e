import type Database from 'better-sqlite3';
import { OverlapReportSchema, type OverlapReport } from '../../shared/api';
import { nowIso } from '../ids';

/** The overlap report of each run's masks (`mask_reports`, one per run). */
export class MaskReportRepo {
  constructor(private readonly db: Database.Database) {}

  /** Store (or replace) the overlap report of a run's masks; the worker that wrote the masks calls this. */
  save(runId: string, report: OverlapReport): void {
    const valid = OverlapReportSchema.parse(report);
    this.db
      .prepare(
        `INSERT INTO mask_reports (run_id, created_at, report_json) VALUES (?, ?, ?)
         ON CONFLICT(run_id) DO UPDATE SET created_at = excluded.created_at, report_json = excluded.report_json`,
      )
      .run(runId, nowIso(), JSON.stringify(valid));
  }

  get(runId: string): OverlapReport | undefined {
    const row = this.db.prepare('SELECT report_json FROM mask_reports WHERE run_id = ?').get(runId) as
      { report_json: string } | undefined;
    return row ? (JSON.parse(row.report_json) as OverlapReport) : undefined;
  }
}
