import { BACKEND_PREFERENCES, type BackendPreference } from '../../../engine/backend';
import { createAppContext, type AppContext } from '../../../jobs/app-context';
import { dispatch } from '../../../jobs/api/dispatch';
import { handlers } from '../../../jobs/api/handlers';
import { createSupervisor } from '../../../jobs/supervisor';
import { ApiError, type ChannelName, type RequestOf, type ResponseOf } from '../../../shared/api';
import { resolveHome } from '../../../store';
import { openContext } from '../../context';
import { UsageError } from '../../command';

/**
 * Open the home folder for a command. Commands that run jobs get the supervisor running (it also picks up
 * other queued work of this home); read-only ones get a supervisor that never starts, so listing datasets
 * does not launch workers.
 */
export async function openApp(
  values: Record<string, unknown>,
  options: { runJobs: boolean },
): Promise<AppContext> {
  if (options.runJobs) return openContext(values, 'cli');
  const backend = values.backend as string | undefined;
  if (backend !== undefined && !(BACKEND_PREFERENCES as readonly string[]).includes(backend)) {
    throw new UsageError(`--backend must be one of ${BACKEND_PREFERENCES.join(', ')}`);
  }
  return createAppContext({
    home: resolveHome({ flag: values.home as string | undefined }),
    mode: 'cli',
    backend: (backend as BackendPreference | undefined) ?? 'cpu',
    jobs: (store, hub, info) => createSupervisor({ store, hub, backend: info, autoStart: false }),
  });
}

/** Call one channel through the same validation as IPC and the web server; failures throw ApiError. */
export async function call<C extends ChannelName>(
  app: AppContext,
  channel: C,
  request: RequestOf<C>,
): Promise<ResponseOf<C>> {
  const result = await dispatch(handlers, app.ctx, channel, request, () => {});
  if (!result.ok) throw ApiError.fromPayload(result.error);
  return result.value as ResponseOf<C>;
}

/** Run a command body with an open app, always closing it. */
export async function withApp<T>(
  values: Record<string, unknown>,
  options: { runJobs: boolean },
  body: (app: AppContext) => Promise<T>,
): Promise<T> {
  const app = await openApp(values, options);
  try {
    return await body(app);
  } finally {
    await app.close();
  }
}
