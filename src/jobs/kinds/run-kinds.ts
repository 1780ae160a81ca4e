import type { z } from 'zod';
import type { RunKindSchema } from '../../shared/api';

type RunKind = z.infer<typeof RunKindSchema>;

/**
 * The job kind that does the work of each run kind. A run's job gets the run's validated config as its payload
 * and reads seed, datasets and parents from the run record (`store.runs.get(io.job.runId)`).
 */
export const RUN_KIND_JOB: Record<RunKind, string> = {
  dense: 'train',
  'dense-small': 'train',
  lap: 'prune',
  lsp: 'prune',
  pathways: 'pathways',
  eval: 'eval',
};

/** The job kind that evaluates a trained run (writes its evaluations). */
export const EVAL_JOB = 'eval';
