import { z } from 'zod';

export const DatasetChangedEventSchema = z.object({
  datasetId: z.string(),
  change: z.enum(['created', 'updated', 'deleted']),
});
