import { EngineOnlyRunnerSchema } from '../torch/runner-schema';
import { z } from 'zod';
import {
  DynamicSchema,
  LapConfigSchema,
  LspConfigSchema,
  PrunableSelectionSchema,
  PruneScopeSchema,
  RewindSchema,
  SamplingSchema,
  SparsitySchema,
} from '../../engine';
import { DEFAULT_SPARSITY } from '../../shared/api';
import { impRoundsFor } from '../../engine';
import { stepsOf, TrainingFields } from '../recipes/training-options';

export const PrunePayloadSchema = z
  .object({
    ...TrainingFields,
    runner: EngineOnlyRunnerSchema,
    /**
     * LAP: one mask for all languages; LSP: one language, by IMP, LTH (IMP with rewinding), or adaptive re-pruning
     * (the second paper's monolingual variant: masks re-selected on a cubic schedule while training, in one run).
     */
    method: z.enum(['lap', 'lsp-imp', 'lsp-lth', 'lsp-adaptive']),
    sparsity: SparsitySchema.default(DEFAULT_SPARSITY),
    /** The language of an LSP run. */
    language: z.string().min(1).optional(),
    scope: PruneScopeSchema,
    prunable: PrunableSelectionSchema,
    /** LAP: prune once then fine-tune (`one-shot`), or iteratively (`imp`). */
    lapMethod: z.enum(['one-shot', 'imp']).default('one-shot'),
    /** IMP rounds (default 2, or the rounds `roundFraction` takes to reach the target). */
    rounds: z.number().int().min(1).optional(),
    /** Fraction of the survivors each IMP round but the last prunes (default: the equal fraction of `rounds`). */
    roundFraction: z.number().gt(0).lt(1).optional(),
    /** Training steps per IMP round (default: a third of the run's steps). */
    stepsPerRound: z.number().int().min(0).optional(),
    /** Training after the last pruning (default: the rest of the run's steps). */
    finalSteps: z.number().int().min(0).optional(),
    rewind: RewindSchema.default({ to: 'start' }),
    /** LTH: on every rewind keep Adam's moments and step count (default) or reset them. */
    rewindOptimizer: z.enum(['keep', 'reset']).default('keep'),
    /** lsp-adaptive: the re-selection's score and schedule (from the dense model, sparsity 0, to the target). */
    dynamic: DynamicSchema,
    sampling: SamplingSchema,
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.method !== 'lap' && p.language === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['language'],
        message: `${p.method} prunes for one language: set it`,
      });
    }
    const checked = (p.method === 'lap' ? LapConfigSchema : LspConfigSchema).safeParse(pruneConfig(p));
    if (!checked.success) for (const issue of checked.error.issues) ctx.addIssue(issue);
  });
export type PrunePayload = z.infer<typeof PrunePayloadSchema>;

type PruneFields = Pick<
  PrunePayload,
  | 'method'
  | 'sparsity'
  | 'language'
  | 'scope'
  | 'prunable'
  | 'lapMethod'
  | 'rounds'
  | 'roundFraction'
  | 'rewindOptimizer'
  | 'stepsPerRound'
  | 'finalSteps'
  | 'rewind'
  | 'dynamic'
  | 'sampling'
  | 'steps'
  | 'scale'
>;

/** IMP rounds of a prune run: as given, else those its round fraction takes to reach the target, else 2. */
export function roundsOf(p: Pick<PruneFields, 'rounds' | 'roundFraction' | 'sparsity'>): number {
  return p.rounds ?? (p.roundFraction !== undefined ? impRoundsFor(p.sparsity, p.roundFraction) : 2);
}

/** Steps of the run: its rounds, per IMP round (default: an equal share with the final training) and after the last pruning. */
function roundSteps(p: PruneFields): {
  steps: number;
  rounds: number;
  stepsPerRound: number;
  finalSteps: number;
} {
  const steps = stepsOf(p);
  const rounds = roundsOf(p);
  const stepsPerRound = p.stepsPerRound ?? Math.floor(steps / (rounds + 1));
  return {
    steps,
    rounds,
    stepsPerRound,
    finalSteps: p.finalSteps ?? Math.max(0, steps - rounds * stepsPerRound),
  };
}

/** Training steps a prune job takes in all: the one-shot fine-tuning, or every IMP round plus the final training. */
export function plannedPruneSteps(p: PruneFields): number {
  const { steps, rounds, stepsPerRound, finalSteps } = roundSteps(p);
  return (p.method === 'lap' && p.lapMethod === 'one-shot') || p.method === 'lsp-adaptive'
    ? steps
    : rounds * stepsPerRound + finalSteps;
}

/** The engine's LAP or LSP config of a prune run (checked by the engine's own schemas). */
export function pruneConfig(p: PruneFields): unknown {
  const { steps, rounds, stepsPerRound, finalSteps } = roundSteps(p);
  const base = { sparsity: p.sparsity, scope: p.scope, prunable: p.prunable };
  if (p.method === 'lap') {
    return {
      kind: 'lap',
      ...base,
      sampling: p.sampling,
      method:
        p.lapMethod === 'one-shot'
          ? { kind: 'one-shot', finetuneSteps: steps }
          : { kind: 'imp', rounds, roundFraction: p.roundFraction, stepsPerRound, finalSteps },
    };
  }
  if (p.method === 'lsp-adaptive')
    return { kind: 'lsp', language: p.language, ...base, variant: 'adaptive', steps, dynamic: p.dynamic };
  const imp = { rounds, roundFraction: p.roundFraction, stepsPerRound, finalSteps };
  return p.method === 'lsp-imp'
    ? { kind: 'lsp', language: p.language, ...base, variant: 'imp', ...imp }
    : {
        kind: 'lsp',
        language: p.language,
        ...base,
        variant: 'lth',
        ...imp,
        rewind: p.rewind,
        rewindOptimizer: p.rewindOptimizer,
      };
}
