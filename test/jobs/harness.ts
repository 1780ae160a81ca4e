import { EventHub } from '../../src/jobs/api/events';
import { createSupervisor, type Supervisor, type SupervisorOptions } from '../../src/jobs/supervisor';
import { openStore, type Store } from '../../src/store';
import type { BackendInfo } from '../../src/shared/api';
import { tempDir } from '../helpers/tmp';

export const TEST_BACKEND: BackendInfo = { name: 'cpu', preference: 'cpu', skipped: [] };

/** A real home folder with a store, an event hub and a supervisor running real worker processes. */
export interface Harness {
  home: string;
  store: Store;
  hub: EventHub;
  supervisor: Supervisor;
  cleanup(): Promise<void>;
}

export function startHarness(options: Partial<SupervisorOptions> = {}, home?: string): Harness {
  const dir = home ? undefined : tempDir('pathways-jobs-');
  const root = home ?? dir!.path;
  const store = openStore(root);
  const hub = new EventHub();
  const supervisor = createSupervisor({
    store,
    hub,
    backend: TEST_BACKEND,
    concurrency: 2,
    pollMs: 50,
    env: { PATHWAYS_TEST_KINDS: '1' },
    ...options,
  });
  return {
    home: root,
    store,
    hub,
    supervisor,
    cleanup: async () => {
      await supervisor.close();
      store.close();
      dir?.cleanup();
    },
  };
}

export async function until<T>(
  what: string,
  probe: () => T | undefined | false,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A run to hang a job's metrics on. */
export function newRun(store: Store, name = 'count'): string {
  return store.runs.create({ name, kind: 'dense', seed: 0, config: {}, datasetIds: [], appVersion: 'test' })
    .id;
}

/**
 * For a describe block: `start()` opens a harness that is cleaned up after the test, and `corpus` is a folder the
 * block's tests share for a generated tiny corpus (removed after the block).
 */
export function harnessPerTest(): {
  start: (options?: Partial<SupervisorOptions>) => Harness;
  corpus: string;
} {
  let h: Harness | undefined;
  const corpus = tempDir('pathways-tiny-');
  afterEach(async () => {
    await h?.cleanup();
    h = undefined;
  });
  afterAll(() => corpus.cleanup());
  return { start: (options) => (h = startHarness(options)), corpus: corpus.path };
}
