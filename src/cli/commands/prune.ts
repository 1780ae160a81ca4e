import { METHOD_RUN_KIND } from '../../shared/api';
import { UsageError, type Command } from '../command';
import { createRunFromFlags } from './create-run';
import { RUN_OPTIONS, SPARSITY_OPTION, sparsityFrom } from './support/run-config';

const METHODS = {
  lap: 'lap',
  'lsp-imp': 'lsp-imp',
  'lsp-lth': 'lsp-lth',
  'lsp-adaptive': 'lsp-adaptive',
  lsp: 'lsp-imp',
} as const;

export const pruneCommand: Command = {
  name: 'prune',
  summary:
    'Prune a dense run: LAP (one mask for all languages) or LSP per language (IMP, LTH, or adaptive re-pruning in one run)',
  usage:
    'pathways prune lap|lsp|lsp-imp|lsp-lth|lsp-adaptive --parent DENSE_RUN --dataset ID... [--lang L] --sparsity S [--seed N] [--config FILE] [--set k=v]... [--detach] [--home H] [--json]',
  options: { ...RUN_OPTIONS, sparsity: SPARSITY_OPTION },
  run: async ({ values, positionals }, io) => {
    const method = METHODS[positionals[0] as keyof typeof METHODS];
    if (!method || positionals.length !== 1)
      throw new UsageError(`prune what? one of ${Object.keys(METHODS).join(', ')}`);
    if (!(values.parent as string[] | undefined)?.length)
      throw new UsageError('--parent DENSE_RUN is required');
    const languages = (values.lang as string[] | undefined) ?? [];
    if (method !== 'lap' && languages.length !== 1)
      throw new UsageError('LSP prunes for one language: give exactly one --lang');
    const sparsity = sparsityFrom(values);
    return createRunFromFlags(values, io, METHOD_RUN_KIND[method], {
      system: METHOD_RUN_KIND[method],
      method,
      ...(sparsity !== undefined ? { sparsity } : {}),
      ...(method !== 'lap' ? { language: languages[0] } : {}),
    });
  },
};
