import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FromWorker, ToWorker } from './protocol';

/** One worker process as the supervisor sees it. */
export interface WorkerHandle {
  readonly pid: number | undefined;
  send(message: ToWorker): void;
  onMessage(listener: (message: FromWorker) => void): void;
  /** Called once when the process has ended; `signal` is set when it was killed. */
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  /** Text the worker wrote to stderr (logged as warnings), where the launcher can capture it. */
  onStderr?(listener: (text: string) => void): void;
  /** End the process now (SIGKILL or equivalent). */
  kill(): void;
}

/**
 * Starts worker processes. The CLI and web mode fork `worker-entry.ts` through tsx; Electron main passes one
 * built on `utilityProcess.fork(out/main/worker.js)` whose messages arrive in the worker on `process.parentPort`.
 */
export interface WorkerLauncher {
  launch(options: { env: Record<string, string | undefined> }): WorkerHandle;
}

const WORKER_ENTRY = fileURLToPath(new URL('./worker-entry.ts', import.meta.url));

/** `child_process.fork` of the TypeScript worker entry, run through tsx. */
export function forkLauncher(entry = WORKER_ENTRY): WorkerLauncher {
  return {
    launch({ env }) {
      const child = fork(entry, [], {
        execArgv: ['--import', 'tsx'],
        env,
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
        serialization: 'advanced',
      });
      return {
        pid: child.pid,
        send: (message) => {
          if (child.connected) child.send(message);
        },
        onMessage: (listener) => child.on('message', (message) => listener(message as FromWorker)),
        onExit: (listener) => child.once('exit', (code, signal) => listener(code, signal)),
        onStderr: (listener) => child.stderr?.on('data', (chunk: Buffer) => listener(chunk.toString('utf8'))),
        kill: () => {
          child.kill('SIGKILL');
        },
      };
    },
  };
}
