import { z } from 'zod';
import { channel } from './define';
import { JobStateSchema } from './jobs';

/** The kinds of run: each system of the paper's comparison is one of them (the method tells variants apart). */
export const RUN_KINDS = ['dense', 'dense-small', 'lap', 'lsp', 'pathways', 'eval'] as const;
export const RunKindSchema = z.enum(RUN_KINDS);
export type RunKind = (typeof RUN_KINDS)[number];
export const PATHWAY_METHODS = [
  'lap',
  'lsp-imp',
  'lsp-lth',
  'lsp-adaptive',
  'pathways',
  'pathways-random',
  'pathways-dynamic',
] as const;
/** Every training method a run can use: dense training, then pruning and pathway methods. */
export const RUN_METHODS = ['dense', 'dense-small', ...PATHWAY_METHODS] as const;
export type RunMethod = (typeof RUN_METHODS)[number];
/** The run kind of each method; LSP and pathway variants are told apart by their config's `method`. */
export const METHOD_RUN_KIND: Record<RunMethod, Exclude<RunKind, 'eval'>> = {
  dense: 'dense',
  'dense-small': 'dense-small',
  lap: 'lap',
  'lsp-imp': 'lsp',
  'lsp-lth': 'lsp',
  'lsp-adaptive': 'lsp',
  pathways: 'pathways',
  'pathways-random': 'pathways',
  'pathways-dynamic': 'pathways',
};
/** How a run trained from scratch builds its output units: characters, or BPE word pieces per language, merged. */
export const TokenizerSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('char') }).strict(),
  z.object({ kind: z.literal('bpe'), vocabSizePerLanguage: z.number().int().min(4) }).strict(),
]);

export const MODEL_PRESETS = ['tiny', 'demo', 'paper'] as const;
export type ModelPreset = (typeof MODEL_PRESETS)[number];
/** Experiment scales: default training budgets from a quick check (smoke) to the paper's size (full). */
export const SCALES = ['smoke', 'demo', 'full'] as const;
export type Scale = (typeof SCALES)[number];
/** The sparsity a pruning or pathways run targets unless it names one (the papers' 70 %). */
export const DEFAULT_SPARSITY = 0.7;

export const ValidationIssueSchema = z.object({ path: z.string(), message: z.string() });

export const ParameterCountSchema = z.object({
  total: z.number().int(),
  prunable: z.number().int(),
  byModule: z.record(z.string(), z.number().int()),
});

/** Training budgets of a reproduction (steps); each overrides the scale's default. */
export const ReproduceBudgetsSchema = z
  .object({
    /** Dense pre-training D (ignored with fromRunId: the reused run's steps count). */
    denseSteps: z.number().int().min(1).optional(),
    /** Fine-tuning F of every system after the dense checkpoint (Dense + F, LAP, pathways, random, dynamic). */
    finetuneSteps: z.number().int().min(1).optional(),
    /** LSP: IMP rounds r, steps per round s, steps after the last pruning. */
    lspRounds: z.number().int().min(1).optional(),
    lspStepsPerRound: z.number().int().min(1).optional(),
    lspFinalSteps: z.number().int().min(0).optional(),
    /** Test utterances decoded per language by each evaluation (default: all, smoke scale: 8). */
    evalUtterances: z.number().int().min(1).optional(),
  })
  .strict();
export type ReproduceBudgets = z.infer<typeof ReproduceBudgetsSchema>;

/** One job of a reproduction group: the latest job of its kind for one of the group's runs. */
export const GroupJobSchema = z.object({
  jobId: z.string(),
  kind: z.string(),
  state: JobStateSchema,
  runId: z.string(),
  runName: z.string(),
  system: z.string(),
  seed: z.number().int(),
  computeMatched: z.boolean(),
  language: z.string().nullable(),
  phase: z.string().nullable(),
  stepsDone: z.number().int(),
  /** Optimizer steps the job takes in all; null for evaluations. */
  stepsPlanned: z.number().int().nullable(),
  error: z.string().nullable(),
});
export type GroupJob = z.infer<typeof GroupJobSchema>;

export const GroupProgressSchema = z.object({
  groupId: z.string(),
  jobs: z.array(GroupJobSchema),
  /** Jobs per state. */
  states: z.record(JobStateSchema, z.number().int()),
  steps: z.object({ done: z.number().int(), planned: z.number().int() }),
  evaluations: z.object({ done: z.number().int(), planned: z.number().int() }),
  /** Measured wall seconds per optimizer step of one job, and per evaluation; null before any was measured. */
  secPerStep: z.number().nullable(),
  secPerEval: z.number().nullable(),
  /** Jobs the supervisor runs at a time. */
  concurrency: z.number().int(),
  /** Seconds until the queued and running jobs are done, all slots busy (a lower bound); null when unknown. */
  etaSec: z.number().nullable(),
  finished: z.boolean(),
});
export type GroupProgress = z.infer<typeof GroupProgressSchema>;

/** What `runs.reproduce` queued (or, for a dry run, would queue). */
export const ReproduceResponseSchema = z.object({
  /** Empty for a dry run, as are runIds and jobIds. */
  groupId: z.string(),
  /** The model preset and the languages the graph trains. */
  preset: z.string().optional(),
  languages: z.array(z.string()).optional(),
  runIds: z.array(z.string()),
  jobIds: z.array(z.string()),
  /** The budgets the graph was built with (steps), after defaults and overrides. */
  budgets: z
    .object({
      denseSteps: z.number().int(),
      finetuneSteps: z.number().int(),
      lspRounds: z.number().int(),
      lspStepsPerRound: z.number().int(),
      lspFinalSteps: z.number().int(),
      matchedSteps: z.number().int(),
      evalUtterances: z.number().int().optional(),
    })
    .optional(),
  /** The systems the graph holds (the systems table's rows queued): runs per seed and steps per run. */
  systems: z
    .array(
      z.object({
        system: z.string(),
        label: z.string(),
        computeMatched: z.boolean(),
        runsPerSeed: z.number().int(),
        steps: z.number().int(),
        /** One run per language (LSP), each trained and evaluated on its language alone. */
        perLanguage: z.boolean().optional(),
        /** Dense training from scratch, which evaluates its dev set five times while training. */
        fromScratch: z.boolean().optional(),
      }),
    )
    .optional(),
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
        sparsity: z.number().min(0).lt(1).default(DEFAULT_SPARSITY),
        seeds: z.array(z.number().int().min(0)).min(1).default([1, 2]),
        /** Model preset (default 'demo'; with fromRunId, the reused run's architecture, which a preset must match). */
        preset: z.enum(MODEL_PRESETS).optional(),
        scale: z.enum(SCALES).default('demo'),
        /** Overrides of the scale's training budgets. */
        budgets: ReproduceBudgetsSchema.optional(),
        /** Add Dense and LAP rows trained as many steps as pathways plus its LSP runs (default on). */
        computeMatched: z.boolean().default(true),
        /** Reuse this finished dense run (same datasets) as every seed's dense checkpoint instead of training one. */
        fromRunId: z.string().min(1).optional(),
        /**
         * Config every run of the graph takes, e.g. `{ sampling: { scheme: 'uniform' } }`; a field the graph sets
         * itself (system, method, steps, sparsity, preset, …) is refused.
         */
        config: z.record(z.string(), z.unknown()).default({}),
        /**
         * The output units, given to the runs trained from scratch (the dense start, small dense; every other run
         * inherits its parent's): characters (default) or the paper's word pieces per language, merged.
         */
        tokenizer: TokenizerSchema.optional(),
        /**
         * Only these systems of the table (by name; the dense start is implied), e.g. the first run's short
         * workflow; every system's parent must be among them. Default: all.
         */
        systems: z.array(z.string().min(1)).min(1).optional(),
        /**
         * A study's pre-registration file (absolute path on the machine running the jobs): its text and SHA-256
         * are recorded with the group, and the group's report says whether it was edited after the study started.
         */
        preregistration: z.string().min(1).optional(),
        /** Plan and validate only: nothing is created or queued (the CLI's wall-time estimate). */
        dryRun: z.boolean().default(false),
      })
      .strict(),
    ReproduceResponseSchema,
  ),
  'runs.firstRunInfo': channel(
    'Whether the first run can start here, on which dataset, from what, and the first run already queued',
    z.object({}).strict(),
    z.object({
      /** The dataset the first run would use; null when none fits (see reason). */
      datasetId: z.string().nullable(),
      reason: z.string().nullable(),
      start: z.enum(['shipped', 'trained']),
      startCer: z.number().nullable(),
      /** The newest first run's group, when one was queued in this home. */
      groupId: z.string().nullable(),
    }),
  ),
  'runs.firstRun': channel(
    'Queue the first run: a short paper workflow (Dense + F, LAP, LSP per language, pathways, each evaluated) on the ' +
      "demo corpus from the app's shipped dense start (on a GPU backend: the demo budgets with a dense start trained here)",
    z.object({ datasetId: z.string().min(1) }).strict(),
    ReproduceResponseSchema.extend({
      /** 'shipped': from the app's dense start; 'trained': the graph trains its own (GPU backend). */
      start: z.enum(['shipped', 'trained']),
      /** The shipped start's test CER (average over languages), when it is used. */
      startCer: z.number().nullable(),
    }),
  ),
  'runs.groupProgress': channel(
    'Where a reproduction group stands: each job with its steps, evaluations done, and an ETA',
    z.object({ groupId: z.string().min(1) }).strict(),
    GroupProgressSchema,
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
