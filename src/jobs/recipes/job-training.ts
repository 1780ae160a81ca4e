import type { SamplingConfig, TrainingExample } from '../../engine';
import type { Run } from '../../shared/api';
import type { JobIo } from '../kinds/kind';
import { MaskedTraining } from './masked-training';
import type { RunModel } from './run-model';
import { scheduleOf, type TrainingFieldValues } from './training-options';

export interface JobTrainingOptions {
  run: Run;
  model: RunModel;
  data: ReadonlyMap<string, readonly TrainingExample[]>;
  payload: TrainingFieldValues & { sampling: SamplingConfig };
  /** Progress phase name ('prune', 'pathways', 'dense'). */
  phase: string;
  /** Steps the job will train, when known in advance. */
  total: number | null;
}

/**
 * The masked training of a job's run, reporting each step as progress and metrics (loss per language, audio hours
 * seen) and counting the audio it has seen, which a resumed job reads back from the metrics of its checkpoint step.
 */
export class JobTraining {
  readonly training: MaskedTraining;
  private seconds = 0;

  constructor(
    private readonly io: JobIo,
    private readonly options: JobTrainingOptions,
  ) {
    const { model, run, payload } = options;
    this.training = new MaskedTraining({
      config: model.config,
      params: model.params,
      data: options.data,
      seed: run.seed,
      batchFrames: payload.batchFrames,
      schedule: scheduleOf(payload),
      clipNorm: payload.clipNorm,
      sampling: payload.sampling,
      onStep: (step, r) => {
        this.seconds += r.audioSec;
        const perLanguage = Object.fromEntries([...r.losses].map(([l, v]) => [`loss/${l}`, v]));
        io.progress({
          phase: options.phase,
          step,
          total: options.total,
          loss: r.loss,
          lr: r.lr,
          audioSec: r.audioSec,
        });
        io.metrics(step, { ...perLanguage, audio_hours: this.seconds / 3600 });
      },
    });
  }

  /** Seconds of audio seen so far. */
  get audioSeconds(): number {
    return this.seconds;
  }

  /** Restore the audio count of a job resumed at `step`. */
  resumedAt(step: number): void {
    this.seconds = (this.io.store.runs.metricAt(this.options.run.id, 'audio_hours', step) ?? 0) * 3600;
  }
}
