import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { utilityLauncher, type UtilityFork } from '../../src/jobs/launcher';
import { waitForJob } from '../../src/jobs/wait';
import { newRun, startHarness, type Harness } from './harness';

const ENTRY = fileURLToPath(new URL('../../src/jobs/worker-entry.ts', import.meta.url));

/**
 * Electron's utilityProcess is not available under Node, so this stands in with a real forked process that has
 * utilityProcess's shape: pid known only after 'spawn', postMessage, an exit event with a code only.
 */
const nodeUtilityFork: UtilityFork = (path, args, options) => {
  const child = fork(path, args, {
    env: options.env,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  return {
    get pid() {
      return child.pid;
    },
    stdout: child.stdout,
    stderr: child.stderr,
    postMessage: (message) => child.send(message as object),
    kill: () => child.kill('SIGKILL'),
    on: (event, listener) => child.on(event, listener),
    once: (event: 'spawn' | 'exit', listener: (code: number) => void) =>
      child.once(event, (code: number | null) => listener(code ?? 1)),
  } as ReturnType<UtilityFork>;
};

describe('utilityLauncher (the Electron launcher adapter)', () => {
  let h: Harness | undefined;
  afterEach(async () => h?.cleanup());

  it('runs jobs through a utilityProcess-shaped fork: queued start message, progress, exit by code', async () => {
    h = startHarness({ launcher: utilityLauncher(nodeUtilityFork, ENTRY) });
    const runId = newRun(h.store);
    const job = h.supervisor.enqueue({
      kind: 'count',
      runId,
      payload: { steps: 6, stepMs: 5, checkpointEvery: 3 },
    });
    const done = await waitForJob(h.hub, h.store, job.id);
    expect(done.state).toBe('succeeded');
    expect(h.store.runs.metrics(runId, ['sum'], 100)[0].points.map((p) => p.value)).toEqual([
      1, 3, 6, 10, 15, 21,
    ]);
  });
});
