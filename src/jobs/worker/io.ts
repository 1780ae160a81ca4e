import { events, type EventName, type EventOf } from '../../shared/api';
import type { Store } from '../../store';
import type { WorkerJob } from '../protocol';
import { JobPaused, type JobIo, type ProgressUpdate } from '../kinds/kind';
import type { ParentPort } from './port';

/**
 * The JobIo of one job in a worker. Metrics go straight into SQLite (synchronously, before the kind writes the
 * checkpoint that covers them), so a crash can never leave a step that a checkpoint claims but the metrics lack.
 */
export function createJobIo(job: WorkerJob, store: Store, port: ParentPort, signal: AbortSignal): JobIo {
  const startedAt = Date.now();
  let firstStep: number | null = null;
  let audioSec = 0;

  const metrics = (step: number, values: Record<string, number>) => {
    if (!job.runId) return;
    const points = Object.entries(values)
      .filter(([, value]) => Number.isFinite(value))
      .map(([name, value]) => ({ name, step, value }));
    if (points.length > 0) store.runs.addMetrics(job.runId, points);
  };

  return {
    job,
    store,
    signal,
    metrics,
    progress(update: ProgressUpdate) {
      firstStep ??= update.step;
      audioSec += update.audioSec ?? 0;
      const elapsed = (Date.now() - startedAt) / 1000;
      const throughput = update.audioSec !== undefined && elapsed > 0 ? audioSec / elapsed : null;
      const done = update.step - firstStep;
      const total = update.total ?? null;
      const etaSec =
        total !== null && done > 0 && elapsed > 0 ? ((total - update.step) * elapsed) / done : null;
      const values: Record<string, number> = {};
      if (update.loss !== undefined && update.loss !== null) values.loss = update.loss;
      if (update.lr !== undefined && update.lr !== null) values.lr = update.lr;
      if (throughput !== null) values.throughput = throughput;
      metrics(update.step, values);
      void port.send({
        type: 'progress',
        progress: {
          phase: update.phase,
          step: update.step,
          total,
          loss: update.loss ?? null,
          lr: update.lr ?? null,
          throughput,
          etaSec,
        },
      });
    },
    artifact(kind, path) {
      if (!job.runId) throw new Error(`job ${job.id} has no run to record artifact ${path} under`);
      return store.runs.addArtifactFile(job.runId, kind, path);
    },
    log(line, level = 'info') {
      void port.send({ type: 'log', level, line });
    },
    emit<E extends EventName>(name: E, payload: EventOf<E>) {
      events[name].parse(payload);
      void port.send({ type: 'event', name, payload });
    },
    pausePoint() {
      if (signal.aborted) throw new JobPaused();
    },
    processGroup(pgid, running) {
      void port.send({ type: 'process-group', pgid, running });
    },
  };
}
