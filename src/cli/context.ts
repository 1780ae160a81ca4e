import { BACKEND_PREFERENCES, backendFromEnv, type BackendPreference } from '../engine/backend';
import { resolveHome } from '../store';
import { createAppContext, type AppContext } from '../jobs/app-context';
import { createSupervisor } from '../jobs/supervisor';
import type { AppInfo } from '../shared/api';
import { UsageError } from './command';

function backendOption(value: unknown): BackendPreference | undefined {
  if (value === undefined) return process.env.PATHWAYS_BACKEND ? backendFromEnv() : undefined;
  if (!(BACKEND_PREFERENCES as readonly string[]).includes(String(value))) {
    throw new UsageError(`--backend must be one of ${BACKEND_PREFERENCES.join(', ')}`);
  }
  return value as BackendPreference;
}

/** Open the home folder named by --home / PATHWAYS_HOME with the job supervisor attached. */
export function openContext(values: Record<string, unknown>, mode: AppInfo['mode']): Promise<AppContext> {
  return createAppContext({
    home: resolveHome({ flag: values.home as string | undefined }),
    mode,
    backend: backendOption(values.backend),
    jobs: (store, hub, backend) => createSupervisor({ store, hub, backend }),
  });
}
