import {
  planReproduction,
  REUSED_DENSE,
  selectSystems,
  type ReproductionRequest,
} from '../../../src/jobs/recipes/reproduce-graph';
import { reproduceBudgets } from '../../../src/jobs/recipes/reproduce-budgets';
import { DENSE_START, REPRODUCE_SYSTEMS, type SystemSpec } from '../../../src/shared/api';

const request: ReproductionRequest = {
  languages: ['en', 'fr', 'it'],
  seeds: [1, 2],
  sparsity: 0.6,
  computeMatched: true,
  budgets: reproduceBudgets('smoke'),
  denseSteps: 20,
  common: { preset: 'tiny', scale: 'smoke' },
};

const row = (system: string, over: Partial<SystemSpec> = {}): SystemSpec => ({
  system,
  label: system,
  runKind: 'dense',
  config: {},
  parent: null,
  maskSource: 'none',
  budget: 'finetune',
  toldLanguage: false,
  computeMatched: false,
  perLanguage: false,
  sparse: false,
  ...over,
});

describe('the reproduction graph is planned from the systems table', () => {
  it('follows another table: its rows, per-language fan-out and parents, in its order', () => {
    const table = [
      row('start', { budget: 'dense' }),
      row('per-lang', {
        runKind: 'lsp',
        parent: 'start',
        perLanguage: true,
        sparse: true,
        budget: 'lsp',
        maskSource: 'imp-language',
        config: { method: 'lsp-imp' },
      }),
      row('joined', {
        runKind: 'pathways',
        parent: 'per-lang',
        sparse: true,
        config: { method: 'pathways' },
      }),
      row('joined', { parent: 'start', computeMatched: true, budget: 'matched' }),
    ];
    const plan = planReproduction(request, table);
    expect(
      plan.map((p) => `${p.seed} ${p.spec.system}${p.spec.computeMatched ? '*' : ''} ${p.language ?? ''}`),
    ).toEqual([
      '1 start ',
      '1 per-lang en',
      '1 per-lang fr',
      '1 per-lang it',
      '1 joined ',
      '1 joined* ',
      '2 start ',
      '2 per-lang en',
      '2 per-lang fr',
      '2 per-lang it',
      '2 joined ',
      '2 joined* ',
    ]);
    const byKey = new Map(plan.map((p) => [p.key, p]));
    const expectedParents: Record<string, string[]> = {
      start: [],
      'per-lang': ['start'],
      joined: ['per-lang en', 'per-lang fr', 'per-lang it'],
      'joined*': ['start'],
    };
    for (const p of plan) {
      const parents = p.parents.map((k) => byKey.get(k)!);
      expect(parents.every((q) => q.seed === p.seed)).toBe(true);
      expect(parents.map((q) => `${q.spec.system}${q.language ? ` ${q.language}` : ''}`)).toEqual(
        expectedParents[`${p.spec.system}${p.spec.computeMatched ? '*' : ''}`],
      );
    }
    const perLang = plan.find((p) => p.language === 'fr')!;
    // smoke: 2 rounds × 2 steps + 2 final steps
    expect(perLang.config).toEqual({
      preset: 'tiny',
      scale: 'smoke',
      system: 'per-lang',
      method: 'lsp-imp',
      sparsity: 0.6,
      language: 'fr',
      rounds: 2,
      stepsPerRound: 2,
      finalSteps: 2,
      steps: 6,
    });
    // compute-matched: F 6 + 3 languages × 6
    expect(plan.find((p) => p.spec.computeMatched)!.config).toMatchObject({
      computeMatched: true,
      steps: 24,
    });
    expect(
      planReproduction({ ...request, computeMatched: false }, table).some((p) => p.spec.computeMatched),
    ).toBe(false);
  });

  it('refuses a table whose row starts from a system it does not queue first', () => {
    expect(() => planReproduction(request, [row('child', { parent: 'later' }), row('later')])).toThrow(
      "system 'child' starts from 'later', which the table does not queue before it",
    );
  });

  it('starts every seed from a reused dense run instead of a trained dense start, and sizes small dense to it', () => {
    const plan = planReproduction({ ...request, reused: { parameters: 1000 } });
    expect(plan.some((p) => p.spec.system === DENSE_START)).toBe(false);
    for (const p of plan.filter((q) => q.spec.parent === DENSE_START))
      expect(p.parents).toEqual([REUSED_DENSE]);
    for (const p of plan.filter((q) => q.spec.system === 'dense-small'))
      expect(p.config).toMatchObject({ steps: 26, targetParams: 400 });
    const fresh = planReproduction(request);
    expect(fresh.length - plan.length).toBe(request.seeds.length);
    expect(fresh.filter((p) => p.spec.system === 'dense-small')[0].config).not.toHaveProperty('targetParams');
    expect(REPRODUCE_SYSTEMS.filter((s) => s.system === DENSE_START)).toHaveLength(1);
  });

  it('restricts the graph to named systems (the dense start implied), refusing unknown names and orphans', () => {
    const chosen = selectSystems(['dense', 'lsp', 'pathways']);
    if (!chosen.ok) throw new Error(chosen.reason);
    // the compute-matched Dense row shares its system's name and is queued only when compute matching is asked
    expect(chosen.systems.map((s) => `${s.system}${s.computeMatched ? ' (matched)' : ''}`)).toEqual([
      DENSE_START,
      'dense',
      'lsp',
      'pathways',
      'dense (matched)',
    ]);
    const plan = planReproduction({ ...request, computeMatched: false, seeds: [1] }, chosen.systems);
    expect(plan.map((p) => `${p.spec.system}|${p.language ?? ''}`)).toEqual([
      `${DENSE_START}|`,
      'dense|',
      'lsp|en',
      'lsp|fr',
      'lsp|it',
      'pathways|',
    ]);
    expect(selectSystems(['lsp', 'nonsense'])).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^systems: nonsense not in the systems table \(dense, lap, /),
    });
    expect(selectSystems(['pathways'])).toEqual({
      ok: false,
      reason: 'systems: pathways starts from lsp, which is not among them',
    });
    expect(selectSystems(undefined)).toEqual({ ok: true, systems: REPRODUCE_SYSTEMS });
  });
});
