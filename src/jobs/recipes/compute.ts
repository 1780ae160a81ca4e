import type { JobIo } from '../kinds/kind';

/**
 * Metric names of the compute a run's own training used, recorded once at its end: optimizer steps and seconds of
 * audio seen (the comparison adds those of the pruning runs whose masks a run uses).
 */
export const COMPUTE_METRICS = { steps: 'train_steps', audioSeconds: 'audio_seconds' } as const;

export function recordCompute(io: JobIo, step: number, audioSeconds: number): void {
  io.metrics(step, { [COMPUTE_METRICS.steps]: step, [COMPUTE_METRICS.audioSeconds]: audioSeconds });
}
