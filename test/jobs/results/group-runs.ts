import { groupTag } from '../../../src/jobs/results';
import type { HypothesisRecord, Store } from '../../../src/store';

/** Runs of a reproduction group in a test store, and their test-split evaluations. */
export function groupRuns(store: () => Store, group: string) {
  return {
    run: (kind: string, seed: number, config: Record<string, unknown>, tags = [groupTag(group)]) => {
      const id = store().runs.create({ name: kind, kind, seed, config, datasetIds: [], appVersion: 't' }).id;
      store().runs.update(id, { tags });
      return id;
    },
    evaluate: (runId: string, hypotheses: HypothesisRecord[]) =>
      store().evaluations.save({ runId, datasetId: null, split: 'test', hypotheses }),
  };
}
