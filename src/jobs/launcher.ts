import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
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
/** tsx's loader by absolute URL: a bare `--import tsx` would resolve from the user's working folder. */
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** `child_process.fork` of the TypeScript worker entry, run through tsx. */
export function forkLauncher(entry = WORKER_ENTRY): WorkerLauncher {
  return {
    launch({ env }) {
      const child = fork(entry, [], {
        execArgv: ['--import', TSX_LOADER],
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

/** The parts of Electron's `UtilityProcess` the supervisor uses (kept structural so jobs/ never imports electron). */
export interface UtilityProcessLike {
  readonly pid: number | undefined;
  readonly stdout: NodeJS.ReadableStream | null;
  readonly stderr: NodeJS.ReadableStream | null;
  postMessage(message: unknown): void;
  kill(): boolean;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  once(event: 'spawn', listener: () => void): unknown;
  once(event: 'exit', listener: (code: number) => void): unknown;
}

export type UtilityFork = (
  modulePath: string,
  args: string[],
  options: { env: Record<string, string | undefined>; stdio: 'pipe'; serviceName: string },
) => UtilityProcessLike;

/**
 * A launcher over Electron's `utilityProcess.fork`; Electron main calls
 * `utilityLauncher((path, args, options) => utilityProcess.fork(path, args, options), join(here, 'worker.js'))`.
 * The worker receives its messages on `process.parentPort` (see worker/port.ts). A utility process reports only an
 * exit code, so a kill shows up as a non-zero code rather than a signal name.
 */
export function utilityLauncher(fork: UtilityFork, workerPath: string): WorkerLauncher {
  return {
    launch({ env }) {
      const child = fork(workerPath, [], { env, stdio: 'pipe', serviceName: 'Pathways Studio job worker' });
      // Messages wait for the process to exist; stdout is drained so a chatty library can never block the worker.
      let queue: ToWorker[] | null = [];
      child.once('spawn', () => {
        for (const message of queue ?? []) child.postMessage(message);
        queue = null;
      });
      child.stdout?.resume();
      return {
        get pid() {
          return child.pid;
        },
        send: (message) => (queue ? queue.push(message) : child.postMessage(message)),
        onMessage: (listener) => child.on('message', (message) => listener(message as FromWorker)),
        onExit: (listener) => child.once('exit', (code) => listener(code, null)),
        onStderr: (listener) => child.stderr?.on('data', (chunk: Buffer) => listener(chunk.toString('utf8'))),
        kill: () => {
          child.kill();
        },
      };
    },
  };
}
