import { plannedStepsOf } from '../../../src/jobs/kinds';

const prune = (extra: Record<string, unknown>) =>
  plannedStepsOf('prune', { preset: 'tiny', sparsity: 0.5, ...extra });

describe('planned steps of a job, before it runs', () => {
  it('LAP one-shot fine-tunes its steps; IMP takes every round plus the final training', () => {
    expect(prune({ method: 'lap', steps: 12 })).toBe(12);
    // 2 rounds of ⌊12 / 3⌋ = 4 steps, then the 4 left
    expect(prune({ method: 'lap', lapMethod: 'imp', steps: 12 })).toBe(12);
    // explicit rounds: 2 × 100 + 100 (the demo LSP budget), whatever `steps` says
    expect(
      prune({ method: 'lsp-imp', language: 'en', steps: 300, stepsPerRound: 100, finalSteps: 100 }),
    ).toBe(300);
    expect(
      prune({ method: 'lsp-lth', language: 'en', steps: 10, rounds: 3, stepsPerRound: 4, finalSteps: 5 }),
    ).toBe(17);
    // rounds longer than the run: nothing is left for the final training
    expect(prune({ method: 'lsp-imp', language: 'en', steps: 10, stepsPerRound: 6 })).toBe(12);
  });

  it('training kinds take their steps, or the scale default; evaluations and bad payloads have none', () => {
    expect(plannedStepsOf('train', { preset: 'tiny', steps: 7 })).toBe(7);
    expect(plannedStepsOf('train', { preset: 'tiny', scale: 'smoke' })).toBe(20);
    expect(plannedStepsOf('pathways', { preset: 'tiny', method: 'pathways-random', steps: 9 })).toBe(9);
    expect(plannedStepsOf('eval', {})).toBeNull();
    expect(plannedStepsOf('train', { steps: -1 })).toBeNull();
    expect(plannedStepsOf('no-such-kind', {})).toBeNull();
  });
});
