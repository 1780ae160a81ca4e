import { z } from 'zod';

export const CountPayloadSchema = z
  .object({
    steps: z.number().int().min(1),
    stepMs: z.number().int().min(0).default(10),
    checkpointEvery: z.number().int().min(1).default(5),
    /** Throw at this step (tests of failure handling and blocked dependents). */
    failAtStep: z.number().int().min(1).optional(),
  })
  .strict();
export type CountPayload = z.infer<typeof CountPayloadSchema>;
