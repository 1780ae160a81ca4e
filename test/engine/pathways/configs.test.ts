import { LapConfigSchema, LspConfigSchema } from '../../../src/engine/prune/config';
import {
  PathwaysConfigSchema,
  checkConfig,
  dynamicSchedule,
  parseConfig,
} from '../../../src/engine/pathways/configs';
import { checkPathwaysInputs } from '../../../src/engine/pathways/inputs';
import { MaskSet } from '../../../src/engine/prune/mask-set';
import { DEFAULT_PRUNABLE } from '../../../src/engine/prune/prunable';

describe('pruning job configs', () => {
  it('fills defaults for LAP, LSP and pathways', () => {
    const lap = parseConfig(LapConfigSchema, { kind: 'lap', sparsity: 0.7 });
    expect(lap.method).toEqual({ kind: 'one-shot', finetuneSteps: 0 });
    expect(lap.scope).toBe('global');
    expect(lap.prunable).toEqual(DEFAULT_PRUNABLE);
    expect(lap.sampling).toEqual({ scheme: 'proportional', temperature: 2, mode: 'all', seed: 0 });
    const lth = parseConfig(LspConfigSchema, { kind: 'lsp', language: 'it', sparsity: 0.7, variant: 'lth' });
    expect(lth).toMatchObject({ rounds: 2, stepsPerRound: 100, rewind: { to: 'start' } });
    const adaptive = parseConfig(LspConfigSchema, {
      kind: 'lsp',
      language: 'it',
      sparsity: 0.7,
      variant: 'adaptive',
      steps: 50,
    });
    expect(adaptive.variant === 'adaptive' && adaptive.dynamic.score).toBe('shadow');
    const pathways = parseConfig(PathwaysConfigSchema, {
      kind: 'pathways',
      languages: ['en', 'it'],
      sparsity: 0.7,
      steps: 10,
    });
    expect(pathways.masks).toEqual({ source: 'fixed' });
    const dynamic = parseConfig(PathwaysConfigSchema, {
      kind: 'pathways',
      languages: ['en'],
      sparsity: 0.7,
      steps: 100,
      masks: { source: 'dynamic', dynamic: { init: 'lap', score: 'saliency' } },
    });
    expect(dynamic.masks.source === 'dynamic' && dynamic.masks.dynamic.init).toBe('lap');
  });
  it('rejects a sparsity outside [0, 1), naming the field', () => {
    for (const sparsity of [1, 1.5, -0.1]) {
      expect(() => parseConfig(LapConfigSchema, { kind: 'lap', sparsity }, 'lap.json')).toThrow(
        /lap\.json\.sparsity: must be in \[0, 1\)/,
      );
    }
    const checked = checkConfig(PathwaysConfigSchema, {
      kind: 'pathways',
      languages: ['en'],
      sparsity: 0.5,
      steps: 5,
      masks: { source: 'dynamic', dynamic: { initialSparsity: 1 } },
    });
    expect(checked.ok).toBe(false);
    expect(!checked.ok && checked.issues[0].path).toBe('masks.dynamic.initialSparsity');
  });
  it('rejects inconsistent options with the field path', () => {
    const bad = checkConfig(LspConfigSchema, {
      kind: 'lsp',
      language: 'fr',
      sparsity: 0.7,
      variant: 'lth',
      stepsPerRound: 10,
      rewind: { to: 'step', step: 20 },
    });
    expect(!bad.ok && bad.issues).toEqual([{ path: 'rewind.step', message: 'must be ≤ stepsPerRound (10)' }]);
    const twice = checkConfig(PathwaysConfigSchema, {
      kind: 'pathways',
      languages: ['en', 'en'],
      sparsity: 0.7,
      steps: 1,
    });
    expect(!twice.ok && twice.issues[0]).toEqual({
      path: 'languages.1',
      message: "language 'en' is listed twice",
    });
    const regex = checkConfig(LapConfigSchema, { kind: 'lap', sparsity: 0.5, prunable: { exclude: ['('] } });
    expect(!regex.ok && regex.issues[0].path).toBe('prunable.exclude.0');
    const gradual = checkConfig(LapConfigSchema, {
      kind: 'lap',
      sparsity: 0.5,
      method: { kind: 'gradual', every: 10, count: 5, totalSteps: 20 },
    });
    expect(!gradual.ok && gradual.issues[0].path).toBe('method.totalSteps');
    const lspGradual = checkConfig(LspConfigSchema, {
      kind: 'lsp',
      language: 'it',
      sparsity: 0.5,
      variant: 'gradual',
      initialSparsity: 0.6,
      every: 5,
      count: 2,
      totalSteps: 10,
    });
    expect(!lspGradual.ok && lspGradual.issues).toEqual([
      { path: 'initialSparsity', message: 'must not exceed sparsity 0.5' },
    ]);
    const unknown = checkConfig(LapConfigSchema, { kind: 'lap', sparsity: 0.5, sparsty: 0.2 });
    expect(unknown.ok).toBe(false);
  });
  it('derives the dynamic schedule: every steps/10, ramp over all but the last re-evaluation', () => {
    const d = parseConfig(PathwaysConfigSchema, {
      kind: 'pathways',
      languages: ['en'],
      sparsity: 0.7,
      steps: 100,
      masks: { source: 'dynamic' },
    });
    if (d.masks.source !== 'dynamic') throw new Error('expected dynamic');
    expect(dynamicSchedule(d.masks.dynamic, 100, 0.7, 0.5)).toEqual({
      initialSparsity: 0.5,
      finalSparsity: 0.7,
      startStep: 0,
      every: 10,
      count: 8,
    });
  });
});

describe('pathways inputs, checked before training', () => {
  const params = new Map([
    ['a.weight', { shape: [2, 3] }],
    ['a.bias', { shape: [3] }],
  ]);
  const good = MaskSet.full(new Map([['a.weight', [2, 3]]]));
  it('rejects a language with no data', () => {
    expect(() =>
      checkPathwaysInputs({ languages: ['en', 'it'], dataSizes: new Map([['en', 10]]), params }),
    ).toThrow(/language 'it' has no training data/);
  });
  it('rejects missing masks and masks whose shapes do not match the model', () => {
    const dataSizes = new Map([
      ['en', 10],
      ['it', 2],
    ]);
    expect(() =>
      checkPathwaysInputs({ languages: ['en', 'it'], dataSizes, params, masks: new Map([['en', good]]) }),
    ).toThrow(/language 'it' has no mask/);
    const wrong = MaskSet.full(new Map([['a.weight', [3, 2]]]));
    expect(() =>
      checkPathwaysInputs({
        languages: ['en', 'it'],
        dataSizes,
        params,
        masks: new Map([
          ['en', good],
          ['it', wrong],
        ]),
      }),
    ).toThrow(/mask of language 'it': mask tensor 'a.weight' has shape \[3,2\]/);
    expect(() =>
      checkPathwaysInputs({
        languages: ['en', 'it'],
        dataSizes,
        params,
        masks: new Map([
          ['en', good],
          ['it', good],
        ]),
      }),
    ).not.toThrow();
  });
});
