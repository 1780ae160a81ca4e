import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type Database from 'better-sqlite3';
import type { Artifact, MetricSeries, Run } from '../../shared/api';
import { newId, nowIso } from '../ids';

interface RunRow {
  id: string;
  name: string;
  kind: string;
  state: string;
  seed: number;
  config_json: string;
  dataset_ids_json: string;
  app_version: string;
  backend: string | null;
  tags_json: string;
  notes: string;
  created_at: string;
}

function toRun(row: RunRow): Run {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    state: row.state,
    seed: row.seed,
    config: JSON.parse(row.config_json) as Record<string, unknown>,
    datasetIds: JSON.parse(row.dataset_ids_json) as string[],
    appVersion: row.app_version,
    backend: row.backend,
    tags: JSON.parse(row.tags_json) as string[],
    notes: row.notes,
    createdAt: row.created_at,
  };
}

export interface NewRun {
  name: string;
  kind: string;
  seed: number;
  config: Record<string, unknown>;
  datasetIds: string[];
  appVersion: string;
  parentRunId?: string;
}

export class RunRepo {
  constructor(private readonly db: Database.Database) {}

  create(run: NewRun): Run {
    const id = newId('run');
    this.db
      .prepare(
        `INSERT INTO runs (id, name, kind, state, seed, config_json, dataset_ids_json, app_version, created_at, parent_run_id)
         VALUES (?, ?, ?, 'created', ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        run.name,
        run.kind,
        run.seed,
        JSON.stringify(run.config),
        JSON.stringify(run.datasetIds),
        run.appVersion,
        nowIso(),
        run.parentRunId ?? null,
      );
    return this.get(id)!;
  }

  get(id: string): Run | undefined {
    const row = this.db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as RunRow | undefined;
    return row ? toRun(row) : undefined;
  }

  list(): Run[] {
    return (this.db.prepare('SELECT * FROM runs ORDER BY created_at DESC, id').all() as RunRow[]).map(toRun);
  }

  update(
    id: string,
    patch: { state?: string; backend?: string; tags?: string[]; notes?: string },
  ): Run | undefined {
    const columns = {
      state: patch.state,
      backend: patch.backend,
      tags_json: patch.tags && JSON.stringify(patch.tags),
      notes: patch.notes,
    };
    const changed = Object.entries(columns).filter(([, value]) => value !== undefined) as [string, string][];
    const sets = changed.map(([column]) => `${column} = ?`);
    const args = changed.map(([, value]) => value);
    if (sets.length > 0) this.db.prepare(`UPDATE runs SET ${sets.join(', ')} WHERE id = ?`).run(...args, id);
    return this.get(id);
  }

  delete(id: string): boolean {
    return this.db.prepare('DELETE FROM runs WHERE id = ?').run(id).changes > 0;
  }

  /** Record metric points; a repeated (name, step) overwrites, so a resumed run never duplicates a step. */
  addMetrics(runId: string, points: { name: string; step: number; value: number }[]): void {
    const put = this.db.prepare(
      'INSERT INTO metrics (run_id, name, step, value) VALUES (?, ?, ?, ?) ON CONFLICT(run_id, name, step) DO UPDATE SET value = excluded.value',
    );
    this.db.transaction(() => {
      for (const p of points) put.run(runId, p.name, p.step, p.value);
    })();
  }

  /** Metric series, each reduced to at most maxPoints by keeping evenly spaced points (first and last kept). */
  metrics(runId: string, names: string[] | undefined, maxPoints: number): MetricSeries[] {
    const all = this.db
      .prepare('SELECT DISTINCT name FROM metrics WHERE run_id = ? ORDER BY name')
      .all(runId) as { name: string }[];
    const wanted = all.map((r) => r.name).filter((n) => !names || names.includes(n));
    return wanted.map((name) => {
      const points = this.db
        .prepare('SELECT step, value FROM metrics WHERE run_id = ? AND name = ? ORDER BY step')
        .all(runId, name) as { step: number; value: number }[];
      return { name, points: downsample(points, maxPoints) };
    });
  }

  /** The newest point (highest step) of one metric of a run. */
  lastMetric(runId: string, name: string): { step: number; value: number } | undefined {
    return this.db
      .prepare('SELECT step, value FROM metrics WHERE run_id = ? AND name = ? ORDER BY step DESC LIMIT 1')
      .get(runId, name) as { step: number; value: number } | undefined;
  }

  /** The value of a run metric at one step, if stored (a resumed job continues its running totals from it). */
  metricAt(runId: string, name: string, step: number): number | undefined {
    const row = this.db
      .prepare('SELECT value FROM metrics WHERE run_id = ? AND name = ? AND step = ?')
      .get(runId, name, step) as { value: number } | undefined;
    return row?.value;
  }

  /** Record a file on disk as an artifact of the run, with its size and SHA-256. */
  addArtifactFile(runId: string, kind: string, path: string): Artifact {
    const bytes = readFileSync(path);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    return this.addArtifact({ runId, kind, path, bytes: bytes.length, sha256 });
  }

  addArtifact(artifact: Omit<Artifact, 'id' | 'createdAt'>): Artifact {
    const id = newId('art');
    const createdAt = nowIso();
    this.db
      .prepare(
        'INSERT INTO artifacts (id, run_id, kind, path, bytes, sha256, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(id, artifact.runId, artifact.kind, artifact.path, artifact.bytes, artifact.sha256, createdAt);
    return { ...artifact, id, createdAt };
  }

  artifacts(runId: string): Artifact[] {
    return this.db
      .prepare(
        'SELECT id, run_id AS runId, kind, path, bytes, sha256, created_at AS createdAt FROM artifacts WHERE run_id = ? ORDER BY created_at, id',
      )
      .all(runId) as Artifact[];
  }
}

export function downsample<T>(points: T[], maxPoints: number): T[] {
  if (points.length <= maxPoints) return points;
  const out: T[] = [];
  const stride = (points.length - 1) / (maxPoints - 1);
  for (let i = 0; i < maxPoints; i++) out.push(points[Math.round(i * stride)]);
  return out;
}
