import { LapConfigSchema, LspConfigSchema, pruneDriver } from '../../../src/engine/prune/config';

describe('pruneDriver: a LAP/LSP config to the driver a prune job runs', () => {
  it('one-shot LAP: magnitude pruning with its fine-tuning steps', () => {
    const config = LapConfigSchema.parse({
      kind: 'lap',
      sparsity: 0.7,
      method: { kind: 'one-shot', finetuneSteps: 9 },
    });
    expect(pruneDriver(config)).toEqual({
      driver: 'one-shot',
      options: { sparsity: 0.7, scope: 'global', finetuneSteps: 9 },
    });
  });

  it('IMP LAP and IMP LSP: the same rounds, steps and final training, no rewind', () => {
    const imp = { rounds: 3, stepsPerRound: 20, finalSteps: 10 };
    const lap = pruneDriver(
      LapConfigSchema.parse({ kind: 'lap', sparsity: 0.6, method: { kind: 'imp', ...imp } }),
    );
    const lsp = pruneDriver(
      LspConfigSchema.parse({ kind: 'lsp', language: 'it', variant: 'imp', sparsity: 0.6, ...imp }),
    );
    expect(lap).toEqual({ driver: 'imp', options: { sparsity: 0.6, scope: 'global', ...imp } });
    expect(lsp).toEqual(lap);
  });

  it('LTH: IMP with the rewind point', () => {
    const config = LspConfigSchema.parse({
      kind: 'lsp',
      language: 'en',
      variant: 'lth',
      sparsity: 0.5,
      rounds: 2,
      stepsPerRound: 8,
      rewind: { to: 'step', step: 3 },
    });
    expect(pruneDriver(config)).toMatchObject({
      driver: 'imp',
      options: { rewind: { to: 'step', step: 3 } },
    });
  });

  it('refuses the variants prune jobs do not run, naming them', () => {
    const gradual = LspConfigSchema.parse({
      kind: 'lsp',
      language: 'en',
      variant: 'gradual',
      sparsity: 0.5,
      every: 2,
      count: 2,
      totalSteps: 10,
    });
    expect(() => pruneDriver(gradual)).toThrow(/LSP variant 'gradual' is not supported/);
  });
});
