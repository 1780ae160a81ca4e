import { z } from 'zod';
import { DatasetFormatSchema } from '../../shared/api';

export const ImportPayloadSchema = z
  .object({
    path: z.string().min(1),
    format: DatasetFormatSchema.optional(),
    language: z.string().min(2).max(16).optional(),
    name: z.string().min(1).optional(),
  })
  .strict();
export type ImportPayload = z.infer<typeof ImportPayloadSchema>;
