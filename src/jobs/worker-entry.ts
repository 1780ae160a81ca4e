/**
 * Entry of a job worker process (forked through tsx by the CLI and web mode, `utilityProcess` under Electron).
 * It receives one `start` message, runs that job, reports the outcome and exits.
 */
import { openStore } from '../store';
import { findKind, JobPaused } from './kinds';
import type { WorkerJob } from './protocol';
import { createJobIo } from './worker/io';
import { parentPort } from './worker/port';

const port = parentPort();
const pause = new AbortController();

async function runJob(job: WorkerJob): Promise<void> {
  let store: ReturnType<typeof openStore> | undefined;
  try {
    store = openStore(job.home);
    const kind = findKind(job.kind);
    const payload = kind.payloadSchema.parse(job.payload);
    const run = await kind.load();
    await run(payload, createJobIo(job, store, port, pause.signal));
    await port.send({ type: 'done', outcome: 'succeeded' });
  } catch (error) {
    if (error instanceof JobPaused) await port.send({ type: 'done', outcome: 'paused' });
    else
      await port.send({
        type: 'failed',
        error: (error as Error).message ?? String(error),
        stack: error instanceof Error ? error.stack : undefined,
      });
  } finally {
    store?.close();
  }
  port.exit();
}

/** An error escaping the kind's promise (a stray callback) fails the job instead of crashing into a retry. */
function failUnexpectedly(error: unknown): void {
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  void port
    .send({ type: 'failed', error: `unexpected error in the worker: ${message}` })
    .then(() => port.exit());
}
process.on('uncaughtException', failUnexpectedly);
process.on('unhandledRejection', failUnexpectedly);

port.onMessage((message) => {
  if (message.type === 'start') void runJob(message.job);
  else if (message.type === 'pause') pause.abort();
});
