import { UsageError, type Command } from '../command';
import { createRunFromFlags } from './create-run';
import { RUN_OPTIONS, SPARSITY_OPTION, sparsityFrom } from './support/run-config';
import { RUNNER_OPTIONS, runnerFrom } from './support/runner-flags';

const METHODS = { fixed: 'pathways', random: 'pathways-random', dynamic: 'pathways-dynamic' } as const;

export const pathwaysCommand: Command = {
  name: 'pathways',
  summary:
    'Train ASR pathways: fixed (from LSP masks), random masks, or dynamic (masks re-evaluated while training)',
  usage:
    'pathways pathways fixed|random|dynamic --parent RUN... --dataset ID... [--sparsity S] [--runner engine|torch [--nproc N] [--device cpu|cuda]] [--seed N] [--config FILE] [--set k=v]... [--detach] [--home H] [--json]',
  options: { ...RUN_OPTIONS, ...RUNNER_OPTIONS, sparsity: SPARSITY_OPTION },
  run: async ({ values, positionals }, io) => {
    const method = METHODS[positionals[0] as keyof typeof METHODS];
    if (!method || positionals.length !== 1)
      throw new UsageError(`which pathways? one of ${Object.keys(METHODS).join(', ')}`);
    if (!(values.parent as string[] | undefined)?.length) {
      throw new UsageError('--parent is required: the LSP runs (fixed) or the dense run (random, dynamic)');
    }
    const sparsity = sparsityFrom(values);
    return createRunFromFlags(values, io, 'pathways', {
      system: method,
      method,
      ...(sparsity !== undefined ? { sparsity } : {}),
      ...runnerFrom(values),
    });
  },
};
