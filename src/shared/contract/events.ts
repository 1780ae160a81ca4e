import { z } from 'zod';

export const DatasetChangedEventSchema = z.object({
  datasetId: z.string(),
  change: z.enum(['created', 'updated', 'deleted']),
});

/**
 * A run changed: `updated` when a job of it was queued, started, finished, paused, blocked or failed (its state
 * follows that job), or its tags/notes were edited; `deleted` when it is gone. Metric points written while a job
 * trains arrive with `job.progress`, not here.
 */
export const RunChangedEventSchema = z.object({
  runId: z.string(),
  change: z.enum(['updated', 'deleted']),
  /** The run's state after the change; null once deleted. */
  state: z.string().nullable(),
});
export type RunChangedEvent = z.infer<typeof RunChangedEventSchema>;
