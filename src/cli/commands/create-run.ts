import type { RequestOf } from '../../shared/api';
import { EXIT, UsageError, type CliIo } from '../command';
import { call, withApp } from './support/app';
import { followAll } from './support/follow-all';
import { guard } from './support/guard';
import { configFromFlags, seedFrom } from './support/run-config';
import { json } from './support/table';

/** Create a run from command-line flags through `runs.create`, then follow its jobs unless --detach. */
export async function createRunFromFlags(
  values: Record<string, unknown>,
  io: CliIo,
  kind: RequestOf<'runs.create'>['kind'],
  config: Record<string, unknown>,
): Promise<number> {
  const datasetIds = (values.dataset as string[] | undefined) ?? [];
  if (datasetIds.length === 0)
    throw new UsageError('name the training data with --dataset ID (see `pathways datasets`)');
  return guard(io, () =>
    withApp(values, { runJobs: !values.detach }, async (app) => {
      const created = await call(app, 'runs.create', {
        kind,
        name: values.name as string | undefined,
        datasetIds,
        languages: values.lang as string[] | undefined,
        seed: seedFrom(values),
        config: { ...configFromFlags(values), ...config },
        parentRunIds: (values.parent as string[] | undefined) ?? [],
      });
      io.out(values.json ? json(created) : `run ${created.runId}: jobs ${created.jobIds.join(', ')}\n`);
      return values.detach ? EXIT.ok : followAll(app, created.jobIds, io);
    }),
  );
}
