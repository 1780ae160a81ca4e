import { notFound } from '../../shared/api';
import { comparePair, compareRuns } from '../results';
import { formatComparison, REPORT_EXTENSION } from '../exports';
import type { HandlerTable } from './dispatch';

type ResultHandlers = Pick<
  HandlerTable,
  'results.compare' | 'results.export' | 'results.pairwise' | 'evaluations.list'
>;

export const resultHandlers: ResultHandlers = {
  'results.compare': (request, ctx) => compareRuns(ctx.store, request),
  'results.export': ({ format, ...filter }, ctx) => {
    const table = compareRuns(ctx.store, filter);
    const stamp = new Date().toISOString().slice(0, 10);
    return {
      format,
      text: formatComparison(table, format),
      suggestedName: `comparison-${filter.groupId ?? stamp}.${REPORT_EXTENSION[format]}`,
    };
  },
  'results.pairwise': (request, ctx) => comparePair(ctx.store, request),
  'evaluations.list': ({ runId }, ctx) => {
    if (runId !== undefined && !ctx.store.runs.get(runId)) throw notFound('run', runId);
    return ctx.store.evaluations.list(runId);
  },
};
