import { z } from 'zod';
import { channel } from './define';

export const DATASET_FORMATS = ['mls', 'librispeech', 'commonvoice', 'kaldi', 'jsonl', 'csv'] as const;
export const DatasetFormatSchema = z.enum(DATASET_FORMATS);
export const SplitSchema = z.enum(['train', 'dev', 'test']);
export const PROBLEM_KINDS = [
  'missing_file',
  'undecodable_audio',
  'empty_transcript',
  'long_transcript',
  'duplicate_id',
  'unknown_language',
  'malformed_row',
  'absurd_duration',
  'unsupported',
  'binary_text',
] as const;
export const ProblemKindSchema = z.enum(PROBLEM_KINDS);

export const LanguageStatsSchema = z.object({
  language: z.string(),
  utterances: z.number().int(),
  hours: z.number(),
  speakers: z.number().int(),
});

export const DatasetSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  format: z.string(),
  root: z.string(),
  createdAt: z.string(),
  utterances: z.number().int(),
  hours: z.number(),
  problems: z.number().int(),
  languages: z.array(LanguageStatsSchema),
});
export type DatasetSummary = z.infer<typeof DatasetSummarySchema>;

export const DatasetDetailSchema = DatasetSummarySchema.extend({
  characters: z.record(z.string(), z.record(z.string(), z.number().int())),
  durationHistogram: z.record(
    z.string(),
    z.array(z.object({ fromSec: z.number(), toSec: z.number(), count: z.number().int() })),
  ),
  splits: z.array(z.object({ language: z.string(), split: SplitSchema, utterances: z.number().int() })),
});
export type DatasetDetail = z.infer<typeof DatasetDetailSchema>;

export const ProblemSchema = z.object({
  kind: ProblemKindSchema,
  file: z.string(),
  line: z.number().int().nullable(),
  itemId: z.string().nullable(),
  message: z.string(),
});
export type Problem = z.infer<typeof ProblemSchema>;

export const UtteranceSchema = z.object({
  id: z.string(),
  datasetId: z.string(),
  language: z.string(),
  speaker: z.string(),
  audioPath: z.string(),
  offsetSec: z.number().nullable(),
  durationSec: z.number(),
  transcript: z.string(),
  split: SplitSchema,
});
export type Utterance = z.infer<typeof UtteranceSchema>;

const Page = {
  limit: z.number().int().min(1).max(1000).default(100),
  offset: z.number().int().min(0).default(0),
};
const DatasetRef = z.object({ datasetId: z.string().min(1) }).strict();

export const datasetChannels = {
  'datasets.list': channel(
    'All imported datasets with per-language counts',
    z.object({}).strict(),
    z.array(DatasetSummarySchema),
  ),
  'datasets.get': channel('One dataset with statistics', DatasetRef, DatasetDetailSchema),
  'datasets.detect': channel(
    'The layout of a folder or manifest, and whether it names the language of its utterances',
    z.object({ path: z.string().min(1), format: DatasetFormatSchema.optional() }).strict(),
    z.object({
      /** null: not a corpus layout the importers know */
      format: DatasetFormatSchema.nullable(),
      root: z.string().nullable(),
      /** 'no': an import must be given a language; 'unknown': the files could not be read far enough to tell */
      carriesLanguage: z.enum(['yes', 'no', 'unknown']),
      /** what lacks the language, when it is 'no' */
      reason: z.string(),
    }),
  ),
  'datasets.import': channel(
    'Queue an import of a folder or manifest (one whose layout names no language needs `language`)',
    z
      .object({
        path: z.string().min(1),
        format: DatasetFormatSchema.optional(),
        language: z.string().min(2).max(16).optional(),
        name: z.string().min(1).optional(),
      })
      .strict(),
    z.object({ jobId: z.string() }),
  ),
  'datasets.buildDemo': channel(
    'Queue the built-in synthetic 4-language demo corpus (build + import)',
    z
      .object({ seed: z.number().int().min(0).default(1), hours: z.number().positive().max(50).optional() })
      .strict(),
    z.object({ jobId: z.string() }),
  ),
  'datasets.problems': channel(
    'Problems recorded while importing, filterable by kind',
    z.object({ datasetId: z.string().min(1), kind: ProblemKindSchema.optional(), ...Page }).strict(),
    z.object({ total: z.number().int(), items: z.array(ProblemSchema) }),
  ),
  'datasets.utterances': channel(
    'Utterances of a dataset, filterable by language, split and speaker',
    z
      .object({
        datasetId: z.string().min(1),
        language: z.string().optional(),
        split: SplitSchema.optional(),
        speaker: z.string().optional(),
        ...Page,
      })
      .strict(),
    z.object({ total: z.number().int(), items: z.array(UtteranceSchema) }),
  ),
  'datasets.delete': channel(
    'Forget a dataset (audio files stay where they are)',
    DatasetRef,
    z.object({ deleted: z.boolean() }),
  ),
  'audio.get': channel(
    'An utterance as 16 kHz mono WAV bytes (base64), for playback and waveforms',
    z.object({ utteranceId: z.string().min(1) }).strict(),
    z.object({ mime: z.literal('audio/wav'), base64: z.string(), durationSec: z.number() }),
  ),
};
