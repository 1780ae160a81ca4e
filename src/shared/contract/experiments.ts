import { z } from 'zod';
import { channel } from './define';

/** The systems of the paper's comparison (PAPER.md), each a run kind. */
export const RUN_KINDS = ['dense', 'dense-small', 'lap', 'lsp', 'pathways', 'eval'] as const;
export const RunKindSchema = z.enum(RUN_KINDS);
export const PATHWAY_METHODS = [
  'lap',
  'lsp-imp',
  'lsp-lth',
  'pathways',
  'pathways-random',
  'pathways-dynamic',
] as const;
export const MODEL_PRESETS = ['tiny', 'demo', 'paper'] as const;

export const ValidationIssueSchema = z.object({ path: z.string(), message: z.string() });

export const ParameterCountSchema = z.object({
  total: z.number().int(),
  prunable: z.number().int(),
  byModule: z.record(z.string(), z.number().int()),
});

export const experimentChannels = {
  'runs.create': channel(
    'Create a run of one system and queue its job(s); config is validated by the same schema the worker uses',
    z
      .object({
        kind: RunKindSchema,
        name: z.string().min(1).optional(),
        datasetIds: z.array(z.string().min(1)).min(1),
        languages: z.array(z.string().min(2)).optional(),
        seed: z.number().int().min(0).default(0),
        /** The run kind's config (model, schedule, pruning, pathway options); validated per kind. */
        config: z.record(z.string(), z.unknown()).default({}),
        /** Runs this one starts from (e.g. the dense checkpoint, LSP masks). */
        parentRunIds: z.array(z.string()).default([]),
      })
      .strict(),
    z.object({ runId: z.string(), jobIds: z.array(z.string()) }),
  ),
  'runs.validate': channel(
    'Validate a run config without creating anything; returns field-named issues',
    z.object({ kind: RunKindSchema, config: z.record(z.string(), z.unknown()) }).strict(),
    z.object({
      ok: z.boolean(),
      issues: z.array(ValidationIssueSchema),
      normalized: z.record(z.string(), z.unknown()).nullable(),
    }),
  ),
  'runs.reproduce': channel(
    "Queue the paper's whole workflow as one job graph (dense → LAP, LSP per language → pathways, random, dynamic, small dense → evaluation)",
    z
      .object({
        datasetIds: z.array(z.string().min(1)).min(1),
        sparsity: z.number().min(0).lt(1).default(0.7),
        seeds: z.array(z.number().int().min(0)).min(1).default([1, 2]),
        preset: z.enum(MODEL_PRESETS).default('demo'),
        scale: z.enum(['smoke', 'demo', 'full']).default('demo'),
      })
      .strict(),
    z.object({ groupId: z.string(), runIds: z.array(z.string()), jobIds: z.array(z.string()) }),
  ),
  'models.parameterCount': channel(
    'Parameter count of a model config (total, prunable, per module), without allocating it',
    z
      .object({
        preset: z.enum(MODEL_PRESETS).optional(),
        config: z.record(z.string(), z.unknown()).default({}),
      })
      .strict(),
    ParameterCountSchema,
  ),
};
