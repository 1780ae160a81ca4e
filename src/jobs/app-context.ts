import type { AppInfo, BackendInfo } from '../shared/api';
import { openStore, type Store } from '../store';
import { selectBackend, type BackendPreference } from '../engine/backend';
import type { HandlerContext, JobService } from './api/context';
import { EventHub } from './api/events';
import { appVersion } from './version';

export interface AppContextOptions {
  home: string;
  mode: AppInfo['mode'];
  /** Overrides the stored setting (CLI `--backend`, PATHWAYS_BACKEND). */
  backend?: BackendPreference;
  /** Builds the job service; the supervisor by default. */
  jobs: (
    store: Store,
    hub: EventHub,
    backend: BackendInfo,
  ) => JobService & { close?: () => Promise<void> | void };
}

export interface AppContext {
  ctx: HandlerContext;
  hub: EventHub;
  store: Store;
  close(): Promise<void>;
}

/**
 * Open a home folder for one process: store, event hub, job service. The backend is detected here with the
 * same preference the workers use, so the one shown to the user is the one jobs run on.
 */
export async function createAppContext(options: AppContextOptions): Promise<AppContext> {
  const store = openStore(options.home);
  const hub = new EventHub();
  const preference = options.backend ?? store.settings.get().backend;
  const choice = await selectBackend(preference);
  const backend: BackendInfo = { ...choice, preference };
  const jobs = options.jobs(store, hub, backend);
  const ctx: HandlerContext = {
    store,
    mode: options.mode,
    version: appVersion(),
    backend,
    jobs,
    emit: (event, payload) => hub.emit(event, payload),
  };
  return {
    ctx,
    hub,
    store,
    close: async () => {
      await jobs.close?.();
      store.close();
    },
  };
}
