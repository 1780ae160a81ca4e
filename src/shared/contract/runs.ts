import { z } from 'zod';
import { channel } from './define';

export const RunSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.string(),
  state: z.string(),
  seed: z.number().int(),
  config: z.record(z.string(), z.unknown()),
  datasetIds: z.array(z.string()),
  appVersion: z.string(),
  backend: z.string().nullable(),
  tags: z.array(z.string()),
  notes: z.string(),
  createdAt: z.string(),
});
export type Run = z.infer<typeof RunSchema>;

export const MetricPointSchema = z.object({ step: z.number().int(), value: z.number() });
export const MetricSeriesSchema = z.object({ name: z.string(), points: z.array(MetricPointSchema) });
export type MetricSeries = z.infer<typeof MetricSeriesSchema>;

export const ArtifactSchema = z.object({
  id: z.string(),
  runId: z.string(),
  kind: z.string(),
  path: z.string(),
  bytes: z.number().int(),
  sha256: z.string(),
  createdAt: z.string(),
});
export type Artifact = z.infer<typeof ArtifactSchema>;

const RunRef = z.object({ runId: z.string().min(1) }).strict();

export const runChannels = {
  'runs.list': channel('All runs, newest first', z.object({}).strict(), z.array(RunSchema)),
  'runs.get': channel(
    'One run with its artifacts',
    RunRef,
    RunSchema.extend({ artifacts: z.array(ArtifactSchema) }),
  ),
  'runs.metrics': channel(
    'Metric series of a run (downsampled to at most maxPoints per series)',
    z
      .object({
        runId: z.string().min(1),
        names: z.array(z.string()).optional(),
        maxPoints: z.number().int().min(2).max(100_000).default(2000),
      })
      .strict(),
    z.array(MetricSeriesSchema),
  ),
  'runs.update': channel(
    'Change the tags or notes of a run',
    z
      .object({
        runId: z.string().min(1),
        tags: z.array(z.string()).optional(),
        notes: z.string().optional(),
      })
      .strict(),
    RunSchema,
  ),
  'runs.evaluate': channel(
    'Queue the evaluation of a run (WER/CER per language, hypotheses for review), after its unfinished jobs',
    z
      .object({
        runId: z.string().min(1),
        split: z.enum(['train', 'dev', 'test']).default('test'),
        /** Decode at most this many utterances per language (default: all). */
        maxUtterances: z.number().int().min(1).optional(),
      })
      .strict(),
    z.object({ jobId: z.string() }),
  ),
  'runs.delete': channel(
    'Delete a run and its files (the caller confirms first)',
    z.object({ runId: z.string().min(1), confirm: z.literal(true) }).strict(),
    z.object({ deleted: z.boolean(), bytesFreed: z.number().int() }),
  ),
};
