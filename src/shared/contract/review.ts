import { z } from 'zod';
import { channel } from './define';

export const ERROR_TYPES = ['substitution', 'insertion', 'deletion'] as const;

export const ReviewRowSchema = z.object({
  utteranceId: z.string(),
  language: z.string(),
  speaker: z.string(),
  reference: z.string(),
  hypothesis: z.string(),
  wer: z.number(),
  cer: z.number(),
  substitutions: z.number().int(),
  insertions: z.number().int(),
  deletions: z.number().int(),
});
export type ReviewRow = z.infer<typeof ReviewRowSchema>;

export const AlignmentOpSchema = z.object({
  op: z.enum(['C', 'S', 'I', 'D']),
  ref: z.string().nullable(),
  hyp: z.string().nullable(),
});

export const TimedTokenSchema = z.object({ text: z.string(), startSec: z.number(), endSec: z.number() });

export const reviewChannels = {
  'review.utterances': channel(
    'Per-utterance results of an evaluation, filterable and sortable',
    z
      .object({
        evaluationId: z.string().min(1),
        language: z.string().optional(),
        speaker: z.string().optional(),
        minWer: z.number().min(0).optional(),
        errorType: z.enum(ERROR_TYPES).optional(),
        sort: z.enum(['wer-desc', 'wer-asc', 'id']).default('wer-desc'),
        limit: z.number().int().min(1).max(1000).default(100),
        offset: z.number().int().min(0).default(0),
      })
      .strict(),
    z.object({ total: z.number().int(), items: z.array(ReviewRowSchema) }),
  ),
  'review.utterance': channel(
    'One utterance of an evaluation: word alignment, token and word timings',
    z.object({ evaluationId: z.string().min(1), utteranceId: z.string().min(1) }).strict(),
    ReviewRowSchema.extend({
      durationSec: z.number(),
      alignment: z.array(AlignmentOpSchema),
      tokens: z.array(TimedTokenSchema),
      words: z.array(TimedTokenSchema),
    }),
  ),
};
