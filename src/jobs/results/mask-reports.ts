import type Database from 'better-sqlite3';
import { OverlapReportSchema, type OverlapReport } from '../../shared/api';
import { nowIso } from '../../store';

/** Store (or replace) the overlap report of a run's masks; the worker that wrote the masks calls this. */
export function saveMaskReport(db: Database.Database, runId: string, report: OverlapReport): void {
  const valid = OverlapReportSchema.parse(report);
  db.prepare(
    `INSERT INTO mask_reports (run_id, created_at, report_json) VALUES (?, ?, ?)
     ON CONFLICT(run_id) DO UPDATE SET created_at = excluded.created_at, report_json = excluded.report_json`,
  ).run(runId, nowIso(), JSON.stringify(valid));
}

export function maskReport(db: Database.Database, runId: string): OverlapReport | undefined {
  const row = db.prepare('SELECT report_json FROM mask_reports WHERE run_id = ?').get(runId) as
    { report_json: string } | undefined;
  return row ? (JSON.parse(row.report_json) as OverlapReport) : undefined;
}
