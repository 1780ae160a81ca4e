import type { Run } from '../../shared/api';
import type { Store } from '../../store';
import type { JobIo } from '../kinds/kind';

/** The run's parents, frozen in `config.parentRunIds` by runs.create. */
export function parentRuns(store: Store, run: Run): Run[] {
  const ids = Array.isArray(run.config.parentRunIds) ? (run.config.parentRunIds as string[]) : [];
  return ids.map((id) => {
    const parent = store.runs.get(id);
    if (!parent) throw new Error(`parent run ${id} of run ${run.id} does not exist`);
    return parent;
  });
}

/** Record the parent's tokenizer and CMVN statistics as this run's too (a child keeps its parent's front end). */
export function inheritFrontEnd(io: JobIo, store: Store, parentId: string, runId: string): void {
  const have = new Set(store.runs.artifacts(runId).map((a) => a.kind));
  for (const kind of ['tokenizer', 'cmvn']) {
    if (have.has(kind)) continue;
    const found = store.runs
      .artifacts(parentId)
      .filter((a) => a.kind === kind)
      .pop();
    if (!found) throw new Error(`parent run ${parentId} has no '${kind}' artifact`);
    io.artifact(kind, found.path);
  }
}
