import { ApiError, notFound, type ResponseOf } from '../../shared/api';
import type { Store } from '../../store';
import { pairedBootstrap } from './bootstrap';
import { evaluationOf, pairScores, systemScores, type TestSetScores } from './test-set-scores';

function runScores(store: Store, runId: string): TestSetScores {
  const run = store.runs.get(runId);
  if (!run) throw notFound('run', runId);
  const evaluation = evaluationOf(store, runId);
  if (!evaluation) throw new ApiError('conflict', `run '${runId}' has not been evaluated`);
  return systemScores(store, `run ${runId}`, [{ run, evaluation }]);
}

/**
 * Run B against run A by paired bootstrap (B − A), each on the evaluation the comparison table uses; refused
 * (TestSetMismatchError) when the two were scored on different test sets.
 */
export function comparePair(
  store: Store,
  request: { runA: string; runB: string; resamples?: number },
): ResponseOf<'results.pairwise'> {
  const a = runScores(store, request.runA);
  const b = runScores(store, request.runB);
  return {
    runA: request.runA,
    runB: request.runB,
    split: a.split,
    bootstrap: pairedBootstrap(pairScores(a, b), { resamples: request.resamples }),
  };
}
