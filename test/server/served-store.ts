import { openStore, type Store } from '../../src/store';
import { startWebServer, type WebServer, type WebServerOptions } from '../../src/server';
import { handlers } from '../../src/jobs/api/handlers';
import { EventHub } from '../../src/jobs/api/events';
import type { HandlerContext } from '../../src/jobs/api/context';
import { recordingJobs } from '../helpers/recording-jobs';
import { tempDir } from '../helpers/tmp';

export interface ServedStore {
  server: WebServer;
  store: Store;
  hub: EventHub;
  home: string;
  close(): Promise<void>;
}

/** A real web-mode server on 127.0.0.1 over a fresh store in a temporary home (jobs are recorded, not run). */
export async function serveStore(
  options: Partial<Pick<WebServerOptions, 'renderer' | 'log'>> = {},
): Promise<ServedStore> {
  const home = tempDir();
  const store = openStore(home.path);
  const hub = new EventHub();
  const ctx: HandlerContext = {
    store,
    mode: 'web',
    version: '0.0.0',
    backend: { name: 'cpu', preference: 'cpu', skipped: [] },
    jobs: recordingJobs(store),
    emit: (event, payload) => hub.emit(event, payload),
  };
  const server = await startWebServer({ ctx, table: handlers, hub, log: () => {}, ...options });
  return {
    server,
    store,
    hub,
    home: home.path,
    close: async () => {
      await server.close();
      store.close();
      home.cleanup();
    },
  };
}
