import { BACKEND_PREFERENCES, backendFromEnv, type BackendPreference } from '../../../engine/backend';
import { createAppContext, type AppContext } from '../../../jobs/app-context';
import { dispatch } from '../../../jobs/api/dispatch';
import { handlers } from '../../../jobs/api/handlers';
import { createSupervisor } from '../../../jobs/supervisor';
import { ApiError, type ChannelName, type RequestOf, type ResponseOf } from '../../../shared/api';
import { resolveHome } from '../../../store';
import { UsageError } from '../../command';

/**
 * Open the home folder for a command. Commands that run jobs get a supervisor that takes only the jobs the
 * command queued or resumed (scope 'own'), so a CLI call never grabs, then abandons, the app's long jobs; read-only
 * commands get one that never starts, so listing datasets launches no worker. Web mode serves the whole queue.
 */
export async function openApp(
  values: Record<string, unknown>,
  options: { runJobs: boolean; mode?: 'cli' | 'web' },
): Promise<AppContext> {
  const mode = options.mode ?? 'cli';
  const backend = values.backend as string | undefined;
  if (backend !== undefined && !(BACKEND_PREFERENCES as readonly string[]).includes(backend)) {
    throw new UsageError(`--backend must be one of ${BACKEND_PREFERENCES.join(', ')}`);
  }
  const env = process.env.PATHWAYS_BACKEND;
  return createAppContext({
    home: resolveHome({ flag: values.home as string | undefined }),
    mode,
    backend: (backend as BackendPreference | undefined) ?? (env !== undefined ? backendFromEnv() : undefined),
    jobs: (store, hub, info) =>
      createSupervisor({
        store,
        hub,
        backend: info,
        autoStart: options.runJobs,
        scope: mode === 'web' ? 'all' : 'own',
      }),
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
