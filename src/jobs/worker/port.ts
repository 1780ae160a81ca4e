import type { FromWorker, ToWorker } from '../protocol';

/** The worker's side of the message channel: Electron's `process.parentPort` or a forked child's IPC. */
export interface ParentPort {
  send(message: FromWorker): Promise<void>;
  onMessage(listener: (message: ToWorker) => void): void;
  /** End the worker once the last message has left. */
  exit(): void;
}

interface ElectronParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

export function parentPort(): ParentPort {
  const electron = (process as NodeJS.Process & { parentPort?: ElectronParentPort }).parentPort;
  if (electron) {
    return {
      send: async (message) => electron.postMessage(message),
      onMessage: (listener) => electron.on('message', (event) => listener(event.data as ToWorker)),
      // postMessage queues asynchronously; give the queue a moment before the process ends.
      exit: () => setTimeout(() => process.exit(0), 100),
    };
  }
  if (!process.send) throw new Error('the job worker must be started by the supervisor (no message channel)');
  // A forked worker whose supervisor died has nobody to report to: stop, the job resumes from its checkpoint.
  process.on('disconnect', () => process.exit(70));
  return {
    send: (message) =>
      new Promise<void>((resolve) => {
        if (!process.connected || !process.send) return resolve();
        process.send(message, undefined, {}, () => resolve());
      }),
    onMessage: (listener) => process.on('message', (message) => listener(message as ToWorker)),
    exit: () => process.exit(0),
  };
}
