import { ApiError, notFound } from '../../shared/api';
import type { HandlerTable } from './dispatch';

type MaskHandlers = Pick<HandlerTable, 'masks.overlap'>;

export const maskHandlers: MaskHandlers = {
  'masks.overlap': ({ runId }, ctx) => {
    if (!ctx.store.runs.get(runId)) throw notFound('run', runId);
    const report = ctx.store.maskReports.get(runId);
    if (!report)
      throw new ApiError(
        'not_found',
        `run '${runId}' has no mask overlap report (only pruning and pathways runs write masks)`,
      );
    return report;
  },
};
