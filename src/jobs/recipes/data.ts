import type { Run, Utterance } from '../../shared/api';
import type { Store } from '../../store';

const PAGE = 1000;

/** Every utterance of one split of the run's datasets in the given languages (all languages when empty). */
export function runUtterances(
  store: Store,
  run: Pick<Run, 'datasetIds'>,
  split: string,
  languages: readonly string[],
): Utterance[] {
  const wanted = new Set(languages);
  const out: Utterance[] = [];
  for (const datasetId of run.datasetIds) {
    for (let offset = 0; ; offset += PAGE) {
      const page = store.datasets.utterances(datasetId, { split, limit: PAGE, offset });
      for (const u of page.items) if (wanted.size === 0 || wanted.has(u.language)) out.push(u);
      if (offset + PAGE >= page.total) break;
    }
  }
  return out;
}

/** The languages a run works on: its frozen `config.languages`, else every language of its datasets. */
export function runLanguages(store: Store, run: Pick<Run, 'datasetIds' | 'config'>): string[] {
  const frozen = run.config.languages;
  if (Array.isArray(frozen) && frozen.length > 0) return [...(frozen as string[])].sort();
  const languages = new Set<string>();
  for (const id of run.datasetIds) {
    for (const l of store.datasets.get(id)?.languages ?? []) languages.add(l.language);
  }
  return [...languages].sort();
}

/** The run a job belongs to; run kinds cannot work without one. */
export function requireRun(store: Store, runId: string | null, kind: string): Run {
  if (!runId) throw new Error(`${kind} job: the job has no run`);
  const run = store.runs.get(runId);
  if (!run) throw new Error(`${kind} job: run ${runId} does not exist`);
  return run;
}
