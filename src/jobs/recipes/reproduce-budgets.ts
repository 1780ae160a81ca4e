import type { Budget, ReproduceBudgets, Scale } from '../../shared/api';

/**
 * The reproduction's training budgets by scale, after the PyTorch reference run described in docs/reproducing.md: dense pre-training D;
 * every fine-tuned system F more steps; LSP r IMP rounds × s steps (+ final steps) per language; the
 * compute-matched Dense and LAP get F + the LSP steps pathways consumed (every step of every system sees at most
 * the same `batchFrames` of audio, so this matches steps and audio alike). `evalUtterances` caps the test
 * utterances decoded per language (all when absent).
 *
 * IMP rounds train and then prune, so an LSP run ends with a pruning: the final steps (one more round's worth)
 * re-train the last mask. Without them the LSP model is the freshly pruned one — 86–89 % test CER at demo scale
 * against 15–20 % for the fine-tuned systems — while its mask, which pathways use, is the same either way.
 */
export const REPRODUCE_BUDGETS: Record<
  Scale,
  Required<Omit<ReproduceBudgets, 'evalUtterances'>> & Pick<ReproduceBudgets, 'evalUtterances'>
> = {
  smoke: {
    denseSteps: 20,
    finetuneSteps: 6,
    lspRounds: 2,
    lspStepsPerRound: 2,
    lspFinalSteps: 2,
    evalUtterances: 8,
  },
  demo: {
    denseSteps: 1000,
    finetuneSteps: 340,
    lspRounds: 2,
    lspStepsPerRound: 100,
    lspFinalSteps: 100,
  },
  full: {
    denseSteps: 20000,
    finetuneSteps: 6800,
    lspRounds: 2,
    lspStepsPerRound: 2000,
    lspFinalSteps: 2000,
  },
};

export type ResolvedBudgets = (typeof REPRODUCE_BUDGETS)['demo'];

/** The scale's budgets with the request's overrides. */
export function reproduceBudgets(
  scale: keyof typeof REPRODUCE_BUDGETS,
  overrides: ReproduceBudgets = {},
): ResolvedBudgets {
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  return { ...REPRODUCE_BUDGETS[scale], ...defined };
}

/** Steps of one LSP run. */
export const lspSteps = (b: ResolvedBudgets) => b.lspRounds * b.lspStepsPerRound + b.lspFinalSteps;

/** Steps of the compute-matched Dense and LAP: F plus the steps of the LSP runs (one per language) pathways use. */
export const matchedSteps = (b: ResolvedBudgets, languages: number) =>
  b.finetuneSteps + languages * lspSteps(b);

/** Steps of a system of the table: its budget under these budgets, `denseSteps` for the dense start (D). */
export function budgetSteps(
  budget: Budget,
  b: ResolvedBudgets,
  languages: number,
  denseSteps: number,
): number {
  switch (budget) {
    case 'dense':
      return denseSteps;
    case 'finetune':
      return b.finetuneSteps;
    case 'lsp':
      return lspSteps(b);
    case 'dense+finetune':
      return denseSteps + b.finetuneSteps;
    case 'matched':
      return matchedSteps(b, languages);
  }
}
