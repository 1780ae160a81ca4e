import { z } from 'zod';

export const DemoCorpusPayloadSchema = z
  .object({
    seed: z.number().int().min(0).default(1),
    hours: z.number().positive().max(50).optional(),
  })
  .strict();
export type DemoCorpusPayload = z.infer<typeof DemoCorpusPayloadSchema>;
