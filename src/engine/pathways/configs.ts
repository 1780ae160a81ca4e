import { z } from 'zod';
import { DEFAULT_PRUNABLE } from '../prune/prunable';
import { InvalidConfigError } from '../config-error';
import type { CubicSchedule } from '../prune/gradual';

/** A sparsity: a fraction in [0, 1). */
export const SparsitySchema = z
  .number({ invalid_type_error: 'must be a number in [0, 1)' })
  .min(0, 'must be in [0, 1)')
  .lt(1, 'must be in [0, 1)');

const count = z.number().int().min(0);
const positive = z.number().int().min(1);

const RegexSchema = z.string().refine((source) => {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}, 'is not a valid regular expression');

export const PrunableSelectionSchema = z
  .object({
    include: z.array(RegexSchema).min(1).default(DEFAULT_PRUNABLE.include),
    exclude: z.array(RegexSchema).default(DEFAULT_PRUNABLE.exclude),
    minRank: positive.default(DEFAULT_PRUNABLE.minRank),
  })
  .strict()
  .default({});

export const PruneScopeSchema = z.enum(['global', 'per-tensor']).default('global');

export const SamplingSchema = z
  .object({
    scheme: z.enum(['proportional', 'uniform', 'temperature']).default('proportional'),
    temperature: z.number().positive().default(2),
    mode: z.enum(['all', 'sample']).default('all'),
    batchesPerStep: positive.optional(),
    seed: count.default(0),
  })
  .strict()
  .default({});

export const RewindSchema = z.discriminatedUnion('to', [
  z.object({ to: z.literal('start') }).strict(),
  z.object({ to: z.literal('step'), step: count }).strict(),
]);

/** Options of dynamic (adaptive) re-pruning, shared by dynamic pathways and monolingual adaptive LSP. */
export const DynamicSchema = z
  .object({
    /** Initial masks: LAP (the same for all), LSP at a middle sparsity (an early IMP round), or full LSP. */
    init: z.enum(['lap', 'lsp-middle', 'lsp']).default('lsp'),
    /** `lsp-middle`: the IMP round of the LSP runs whose masks start the run (round 1 of 2: about half the target). */
    initRound: positive.default(1),
    score: z.enum(['shadow', 'adjust', 'saliency']).default('shadow'),
    /** Re-evaluate every this many steps (default: a tenth of the run). */
    every: positive.optional(),
    /** Re-evaluations over which the cubic schedule ramps to the target (default: all but the last). */
    rampCount: positive.optional(),
    /** Sparsity of the schedule's start (default: that of the initial masks). */
    initialSparsity: SparsitySchema.optional(),
    scope: PruneScopeSchema,
    shadowLr: z.number().positive().default(1e-3),
    shadowOptimizer: z.enum(['adam', 'sgd']).default('adam'),
    adjustSteps: positive.default(10),
    adjustLr: z.number().positive().default(1e-3),
  })
  .strict()
  .default({});

/** ASR pathways: shared weights, one mask per language (from LSP, random, or dynamic). */
export const PathwaysConfigSchema = z
  .object({
    kind: z.literal('pathways'),
    languages: z.array(z.string().min(1)).min(1),
    sparsity: SparsitySchema,
    steps: positive,
    sampling: SamplingSchema,
    masks: z
      .discriminatedUnion('source', [
        z.object({ source: z.literal('fixed') }).strict(),
        z.object({ source: z.literal('random'), seed: count.default(0), scope: PruneScopeSchema }).strict(),
        z.object({ source: z.literal('dynamic'), dynamic: DynamicSchema }).strict(),
      ])
      .default({ source: 'fixed' }),
  })
  .strict()
  .superRefine((c, ctx) => {
    const seen = new Set<string>();
    c.languages.forEach((l, i) => {
      if (seen.has(l))
        ctx.addIssue({ code: 'custom', path: ['languages', i], message: `language '${l}' is listed twice` });
      seen.add(l);
    });
  });

export type PathwaysConfig = z.infer<typeof PathwaysConfigSchema>;
export type DynamicConfig = z.infer<typeof DynamicSchema>;
export type SamplingConfig = z.infer<typeof SamplingSchema>;

export interface ConfigIssue {
  path: string;
  message: string;
}

/** Validate without throwing: field-named issues, or the normalised config (defaults filled in). */
export function checkConfig<S extends z.ZodTypeAny>(
  schema: S,
  input: unknown,
): { ok: true; config: z.infer<S> } | { ok: false; issues: ConfigIssue[] } {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, config: result.data as z.infer<S> };
  return {
    ok: false,
    issues: result.error.issues.map((i) => ({ path: i.path.join('.') || '(root)', message: i.message })),
  };
}

/** Parse or throw one error listing every issue as `<source>.<field>: <message>`. */
export function parseConfig<S extends z.ZodTypeAny>(
  schema: S,
  input: unknown,
  source = 'config',
): z.infer<S> {
  const checked = checkConfig(schema, input);
  if (checked.ok) return checked.config;
  const issues = checked.issues.map((i) => ({ path: `${source}.${i.path}`, message: i.message }));
  throw new InvalidConfigError(issues.map((i) => `${i.path}: ${i.message}`).join('\n'), issues);
}

/**
 * The cubic schedule of a dynamic run of `steps` steps ending at `sparsity`: re-evaluation every
 * `every` steps (default steps/10), ramping over `rampCount` re-evaluations (default: all but the
 * last one before the end) from `initialSparsity` (default: the initial masks' sparsity).
 */
export function dynamicSchedule(
  dynamic: DynamicConfig,
  steps: number,
  sparsity: number,
  initialMaskSparsity: number,
): CubicSchedule {
  const every = dynamic.every ?? Math.max(1, Math.round(steps / 10));
  const evaluations = Math.floor((steps - 1) / every);
  return {
    initialSparsity: dynamic.initialSparsity ?? initialMaskSparsity,
    finalSparsity: sparsity,
    startStep: 0,
    every,
    count: dynamic.rampCount ?? Math.max(1, evaluations - 1),
  };
}
