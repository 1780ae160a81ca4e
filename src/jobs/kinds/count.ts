import { loadJsonCheckpoint, saveJsonCheckpoint } from '../checkpoint';
import type { JobIo } from './kind';
import type { CountPayload } from './count-schema';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Test infrastructure: counts steps, keeping the running sum 1 + 2 + … + step as its state. It resumes from its
 * last checkpoint, so after any crash the stored `sum` metric at step s must still equal s(s+1)/2, and every step
 * from 1 to `steps` must be present exactly once.
 */
export async function runCount(payload: CountPayload, io: JobIo): Promise<void> {
  const resumed = loadJsonCheckpoint<{ sum: number }>(io.job.checkpointDir);
  let sum = resumed?.state.sum ?? 0;
  if (resumed) io.log(`resuming from step ${resumed.step}`);
  for (let step = (resumed?.step ?? 0) + 1; step <= payload.steps; step++) {
    await sleep(payload.stepMs);
    if (step === payload.failAtStep) throw new Error(`count: failing at step ${step} as configured`);
    sum += step;
    io.metrics(step, { sum });
    io.progress({
      phase: 'count',
      step,
      total: payload.steps,
      loss: 1 / step,
      audioSec: payload.stepMs / 1000,
    });
    if (step % payload.checkpointEvery === 0 || step === payload.steps) {
      const path = saveJsonCheckpoint(io.job.checkpointDir, step, { sum });
      if (step === payload.steps && io.job.runId) io.artifact('checkpoint', path);
      io.pausePoint();
    }
  }
}
