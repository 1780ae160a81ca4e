import { TrainingLoop, type ParamMap, type RnntConfig, type TrainingLoopOptions } from '../../engine';
import type { Run } from '../../shared/api';
import { writeFileAtomic } from '../checkpoint';
import type { JobIo } from '../kinds/kind';
import { pruneOldCheckpoints } from './checkpoints';
import { saveRunSchedule, trainingSchedule } from './finetune-schedule';
import { lossOf, stepsOf, type TrainingFieldValues } from './training-options';

export interface JobTrainingOptions {
  run: Pick<Run, 'id' | 'seed'>;
  config: RnntConfig;
  /** Trained in place; the caller disposes them. */
  params: ParamMap;
  data: TrainingLoopOptions['data'];
  payload: TrainingFieldValues;
  /** Progress phase name ('train', 'prune', 'pathways'). */
  phase: string;
  /** Steps the job will train, when known in advance. */
  total: number | null;
  /** Apply the model's dropout (dense training from scratch). */
  dropout?: boolean;
  /** After each checkpoint, before the pause point (dense training: dev WER/CER when due). */
  afterCheckpoint?: (step: number) => void | Promise<void>;
  /** The run whose final weights this training starts from (fine-tuning): its schedule may be continued. */
  from?: Run;
}

/**
 * A job's training: the engine's training loop wired to the job — checkpoints in the job's folder (written
 * atomically, the newest two kept), each step reported as progress and metrics (loss per language, audio hours
 * seen), a pause point after each checkpoint, and resume from the newest intact checkpoint, saying in the job log
 * which damaged ones it skipped. It counts the audio seen, which a resumed job reads back from the metrics of its
 * checkpoint step.
 */
export class JobTraining {
  readonly loop: TrainingLoop;
  private seconds = 0;
  private raisedUtterances = 0;

  constructor(
    private readonly io: JobIo,
    private readonly options: JobTrainingOptions,
  ) {
    const { payload, phase, total } = options;
    const dir = io.job.checkpointDir;
    const schedule = trainingSchedule(io.store, payload, options.from);
    saveRunSchedule(io.job.home, options.run.id, schedule);
    if (schedule.kind === 'continued')
      io.log(
        `learning rate: continuing run ${options.from!.id}'s schedule after its ${schedule.offset} steps${schedule.warmupSteps ? `, after ${schedule.warmupSteps} warm-up steps` : ''}`,
      );
    const loss = lossOf(payload, total ?? stepsOf(payload));
    if (loss.kind === 'pruned')
      io.log(
        `loss: pruned RNN-T (range ${loss.pruneRange}, lmScale ${loss.lmScale}, amScale ${loss.amScale}, ` +
          `simple × ${loss.simpleLossScale}; pruned × 0 before step ${loss.warmupSteps}, × 0.1 before ${2 * loss.warmupSteps}, then × 1)`,
      );
    this.loop = new TrainingLoop({
      config: options.config,
      params: options.params,
      seed: options.run.seed,
      data: options.data,
      batchFrames: payload.batchFrames,
      schedule,
      clipNorm: payload.clipNorm,
      dropout: options.dropout,
      loss,
      checkpoints: { dir, every: payload.checkpointEvery, write: writeFileAtomic },
      hooks: {
        onStep: (r) => {
          this.seconds += r.audioSeconds;
          if (r.raisedRanges) {
            this.raisedUtterances += r.raisedRanges.utterances;
            io.log(
              `step ${r.step}: pruneRange raised to ${r.raisedRanges.range} for ${r.raisedRanges.utterances} ` +
                `utterance(s) with more labels than ${payload.pruneRange} positions per frame can emit ` +
                `(${this.raisedUtterances} so far)`,
              'warn',
            );
          }
          const perLanguage = Object.fromEntries([...r.losses].map(([l, v]) => [`loss/${l}`, v]));
          io.progress({ phase, step: r.step, total, loss: r.loss, lr: r.lr, audioSec: r.audioSeconds });
          io.metrics(r.step, { ...perLanguage, lr: r.lr, audio_hours: this.seconds / 3600 });
        },
        onCheckpoint: async ({ step }) => {
          pruneOldCheckpoints(dir);
          await options.afterCheckpoint?.(step);
          io.pausePoint();
        },
      },
    });
  }

  /** Seconds of audio seen so far. */
  get audioSeconds(): number {
    return this.seconds;
  }

  /**
   * Continue from the newest intact checkpoint, if any, logging `resuming from <base> (step N<detail>)`; returns
   * the job bookkeeping saved with it (undefined for a fresh start).
   */
  resume(detail: (job: unknown) => string = () => ''): { step: number; job: unknown } | undefined {
    const resumed = this.loop.resume();
    for (const { base, problem } of resumed.damaged)
      this.io.log(`checkpoint ${base} is damaged (${problem}); falling back to an older one`, 'warn');
    if (!resumed.base) {
      if (resumed.damaged.length > 0)
        this.io.log('no intact checkpoint is left: training starts from step 0', 'warn');
      return undefined;
    }
    const { id } = this.options.run;
    this.seconds = (this.io.store.runs.metricAt(id, 'audio_hours', resumed.step) ?? 0) * 3600;
    this.io.log(`resuming from ${resumed.base} (step ${resumed.step}${detail(resumed.job)})`);
    return { step: resumed.step, job: resumed.job };
  }

  /** Train until `until` steps in total; checkpoints carry `job`. A non-finite loss or gradient fails the job. */
  async trainTo(until: number, job?: unknown): Promise<void> {
    const result = await this.loop.run(until, job);
    if (result.nan) {
      throw new Error(
        `non-finite loss or gradient at step ${result.nan.step} (batch ${result.nan.batchIds.join(', ')})`,
      );
    }
  }

  dispose(): void {
    this.loop.dispose();
  }
}
