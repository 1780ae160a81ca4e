import { z } from 'zod';
import { impRoundsFor, type ImpOptions } from './imp';
import type { OneShotOptions } from './one-shot';
import {
  DynamicSchema,
  PathwaysConfigSchema,
  PrunableSelectionSchema,
  PruneScopeSchema,
  RewindSchema,
  SamplingSchema,
  SparsitySchema,
} from '../pathways/configs';

const count = z.number().int().min(0);
const positive = z.number().int().min(1);

const pruningBase = {
  sparsity: SparsitySchema,
  scope: PruneScopeSchema,
  prunable: PrunableSelectionSchema,
};

const impFields = {
  rounds: positive.default(2),
  /** Fraction of the survivors each round but the last prunes; `rounds` must then be the count it takes. */
  roundFraction: z.number().gt(0).lt(1).optional(),
  stepsPerRound: count.default(100),
  /** Training after the last pruning (default: stepsPerRound). */
  finalSteps: count.optional(),
};

/** With a round fraction, the rounds are the ones it takes to reach the target (impRoundsFor). */
function checkRounds(
  c: { rounds: number; roundFraction?: number },
  sparsity: number,
  path: string[],
  ctx: z.RefinementCtx,
): void {
  if (c.roundFraction === undefined) return;
  const needed = impRoundsFor(sparsity, c.roundFraction);
  if (c.rounds !== needed)
    ctx.addIssue({
      code: 'custom',
      path: [...path, 'rounds'],
      message: `pruning ${c.roundFraction} of the survivors a round reaches ${sparsity} in ${needed} rounds, not ${c.rounds}`,
    });
}

const gradualFields = {
  initialSparsity: SparsitySchema.default(0),
  startStep: count.default(0),
  every: positive,
  count: positive,
  totalSteps: positive,
};

/** A gradual (cubic) schedule must end at or before the run and start at or below the target. */
function checkGradual(
  g: { initialSparsity: number; startStep: number; every: number; count: number; totalSteps: number },
  sparsity: number,
  path: (string | number)[],
  ctx: z.RefinementCtx,
): void {
  if (g.initialSparsity > sparsity) {
    ctx.addIssue({
      code: 'custom',
      path: [...path, 'initialSparsity'],
      message: `must not exceed sparsity ${sparsity}`,
    });
  }
  const last = g.startStep + g.count * g.every;
  if (last > g.totalSteps) {
    ctx.addIssue({
      code: 'custom',
      path: [...path, 'totalSteps'],
      message: `ends before the last pruning step ${last}`,
    });
  }
}

/** LAP: one mask for all languages, pruning the dense model while training on mixed data. */
export const LapConfigSchema = z
  .object({
    kind: z.literal('lap'),
    ...pruningBase,
    method: z
      .discriminatedUnion('kind', [
        z.object({ kind: z.literal('one-shot'), finetuneSteps: count.default(0) }).strict(),
        z.object({ kind: z.literal('imp'), ...impFields }).strict(),
        z.object({ kind: z.literal('gradual'), ...gradualFields }).strict(),
      ])
      .default({ kind: 'one-shot' }),
    sampling: SamplingSchema,
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.method.kind === 'gradual') checkGradual(c.method, c.sparsity, ['method'], ctx);
    if (c.method.kind === 'imp') checkRounds(c.method, c.sparsity, ['method'], ctx);
  });

const lspBase = { kind: z.literal('lsp'), language: z.string().min(1), ...pruningBase };

/** LSP: one monolingual sparse model, by IMP, LTH (IMP with rewinding), gradual or adaptive re-pruning. */
export const LspConfigSchema = z
  .discriminatedUnion('variant', [
    z.object({ ...lspBase, variant: z.literal('imp'), ...impFields }).strict(),
    z
      .object({
        ...lspBase,
        variant: z.literal('lth'),
        ...impFields,
        rewind: RewindSchema.default({ to: 'start' }),
        /** On every rewind: keep Adam's moments and step count (default), or reset them as a fresh run would. */
        rewindOptimizer: z.enum(['keep', 'reset']).default('keep'),
      })
      .strict(),
    z.object({ ...lspBase, variant: z.literal('gradual'), ...gradualFields }).strict(),
    z
      .object({ ...lspBase, variant: z.literal('adaptive'), steps: positive, dynamic: DynamicSchema })
      .strict(),
  ])
  .superRefine((c, ctx) => {
    if (c.variant === 'gradual') checkGradual(c, c.sparsity, [], ctx);
    if (c.variant === 'imp' || c.variant === 'lth') checkRounds(c, c.sparsity, [], ctx);
    if (c.variant === 'lth' && c.rewind.to === 'step' && c.rewind.step > c.stepsPerRound) {
      ctx.addIssue({
        code: 'custom',
        path: ['rewind', 'step'],
        message: `must be ≤ stepsPerRound (${c.stepsPerRound})`,
      });
    }
  });

export type LapConfig = z.infer<typeof LapConfigSchema>;
export type LspConfig = z.infer<typeof LspConfigSchema>;

/** The pruning job kinds' schemas, by run kind. */
export const PRUNING_CONFIG_SCHEMAS = {
  lap: LapConfigSchema,
  lsp: LspConfigSchema,
  pathways: PathwaysConfigSchema,
} as const;

/** What a prune job runs for a LAP or LSP config: the driver and its options, in one step. */
export type PruneDriver =
  | { driver: 'one-shot'; options: OneShotOptions }
  | { driver: 'imp'; options: Omit<ImpOptions, 'onRewindPoint'> };

/** The driver of a LAP/LSP config; gradual and adaptive variants are refused naming the variant. */
export function pruneDriver(c: LapConfig | LspConfig): PruneDriver {
  const base = { sparsity: c.sparsity, scope: c.scope };
  if (c.kind === 'lap') {
    if (c.method.kind === 'one-shot')
      return { driver: 'one-shot', options: { ...base, finetuneSteps: c.method.finetuneSteps } };
    if (c.method.kind !== 'imp')
      throw new Error(`LAP method '${c.method.kind}' is not supported by prune jobs`);
    const { rounds, roundFraction: fraction, stepsPerRound, finalSteps } = c.method;
    return { driver: 'imp', options: { ...base, rounds, fraction, stepsPerRound, finalSteps } };
  }
  if (c.variant !== 'imp' && c.variant !== 'lth')
    throw new Error(`LSP variant '${c.variant}' is not supported by prune jobs`);
  const rounds = {
    ...base,
    rounds: c.rounds,
    fraction: c.roundFraction,
    stepsPerRound: c.stepsPerRound,
    finalSteps: c.finalSteps,
  };
  return { driver: 'imp', options: c.variant === 'lth' ? { ...rounds, rewind: c.rewind } : rounds };
}
