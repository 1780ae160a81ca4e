import { createHash } from 'node:crypto';
import { ApiError, notFound, type RunKindSchema } from '../../shared/api';
import type { z } from 'zod';
import type { Store } from '../../store';
import { jobKinds } from '../kinds';
import { RUN_KIND_JOB } from '../kinds/run-kinds';

type RunKind = z.infer<typeof RunKindSchema>;

export interface ConfigCheck {
  ok: boolean;
  issues: { path: string; message: string }[];
  normalized: Record<string, unknown> | null;
}

/** Validate a run config with the payload schema of the job kind that will run it (the worker checks the same). */
export function checkRunConfig(kind: RunKind, config: Record<string, unknown>): ConfigCheck {
  const jobKind = jobKinds().find((k) => k.kind === RUN_KIND_JOB[kind]);
  if (!jobKind) {
    return {
      ok: false,
      issues: [
        {
          path: 'kind',
          message: `run kind '${kind}' needs job kind '${RUN_KIND_JOB[kind]}', which this build does not provide`,
        },
      ],
      normalized: null,
    };
  }
  const parsed = jobKind.payloadSchema.safeParse(config);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((i) => ({ path: ['config', ...i.path].join('.'), message: i.message })),
      normalized: null,
    };
  }
  return { ok: true, issues: [], normalized: parsed.data as Record<string, unknown> };
}

export function requireRunConfig(kind: RunKind, config: Record<string, unknown>): Record<string, unknown> {
  const check = checkRunConfig(kind, config);
  if (!check.ok) throw new ApiError('invalid_request', `invalid ${kind} run config`, check.issues);
  return check.normalized!;
}

/** The utterances a run trains and tests on, frozen as a count and a hash of their keys and transcripts. */
export function datasetSnapshot(store: Store, datasetIds: string[]): { utterances: number; sha256: string } {
  const hash = createHash('sha256');
  let utterances = 0;
  for (const datasetId of [...datasetIds].sort()) {
    if (!store.datasets.get(datasetId)) throw notFound('dataset', datasetId);
    for (const r of store.datasets.transcripts(datasetId)) {
      hash.update(`${r.key}\t${r.split}\t${r.transcript}\n`);
      utterances++;
    }
  }
  return { utterances, sha256: hash.digest('hex') };
}

/** Jobs of the given runs that have not succeeded yet: what a child run's job must wait for. */
export function unfinishedJobsOf(store: Store, runIds: string[]): string[] {
  return store.jobs
    .ofRuns(runIds)
    .filter((j) => j.state !== 'succeeded')
    .map((j) => j.id);
}
