import { forkLauncher, type WorkerLauncher } from '../../../src/jobs/launcher';
import { workerWasmThreads } from '../../../src/jobs/recipes/backend';
import { waitForJob } from '../../../src/jobs/wait';
import { newRun, startHarness, type Harness } from '../harness';

describe('wasm threads of a worker', () => {
  it('divides the cores among the jobs that may run at once, within 1..8', () => {
    expect(workerWasmThreads({ PATHWAYS_JOB_CONCURRENCY: '1' }, 2)).toBe(2);
    expect(workerWasmThreads({ PATHWAYS_JOB_CONCURRENCY: '2' }, 2)).toBe(1);
    expect(workerWasmThreads({ PATHWAYS_JOB_CONCURRENCY: '3' }, 2)).toBe(1);
    expect(workerWasmThreads({ PATHWAYS_JOB_CONCURRENCY: '2' }, 8)).toBe(4);
    expect(workerWasmThreads({ PATHWAYS_JOB_CONCURRENCY: '1' }, 64)).toBe(8);
    expect(workerWasmThreads({}, 4)).toBe(4);
  });

  it('follows PATHWAYS_WASM_THREADS when set, and rejects a bad value by name', () => {
    expect(workerWasmThreads({ PATHWAYS_WASM_THREADS: '3', PATHWAYS_JOB_CONCURRENCY: '2' }, 2)).toBe(3);
    expect(() => workerWasmThreads({ PATHWAYS_WASM_THREADS: '0' }, 2)).toThrow(/PATHWAYS_WASM_THREADS/);
  });

  describe('the supervisor', () => {
    let h: Harness | undefined;
    afterEach(async () => h?.cleanup());

    it('tells each worker the concurrency setting in force when it starts', async () => {
      const seen: (string | undefined)[] = [];
      const real = forkLauncher();
      const recording: WorkerLauncher = {
        launch: (options) => {
          seen.push(options.env.PATHWAYS_JOB_CONCURRENCY);
          return real.launch(options);
        },
      };
      h = startHarness({ launcher: recording, concurrency: undefined });
      h.store.settings.set({ concurrency: 1 });
      const job = h.supervisor.enqueue({
        kind: 'count',
        runId: newRun(h.store),
        payload: { steps: 2, stepMs: 1, checkpointEvery: 1 },
      });
      expect((await waitForJob(h.hub, h.store, job.id)).state).toBe('succeeded');
      expect(seen).toEqual(['1']);
    });
  });
});
