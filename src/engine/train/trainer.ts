import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRnntConfig, type RnntConfig } from '../model/config';
import { Dropout } from '../model/layers';
import { disposeParams, initParams, type ParamMap } from '../model/params';
import { deriveSeed } from '../model/random';
import type { RnntBatch } from '../model/rnnt-model';
import { AdamW, type AdamWOptions } from './adamw';
import { planBatches } from './batching';
import { checkpointBase, loadCheckpoint, saveCheckpoint } from './checkpoint';
import { clipByGlobalNorm } from './clip';
import { collate, type TrainingCorpus } from './corpus';
import { lossAndGrads, type LossAndGradsOptions } from './loss-and-grads';
import { learningRate, LrScheduleSchema, type LrSchedule, type LrScheduleInput } from './schedule';
import type { tf } from '../tf';

export interface TrainingProgress {
  step: number;
  loss: number;
  lr: number;
  /** Global gradient norm before clipping. */
  gradNorm: number;
  epoch: number;
  /** Seconds of audio in this step's batch and per wall-clock second of the step. */
  audioSeconds: number;
  audioSecondsPerSecond: number;
  stepMs: number;
}

export interface ValidationContext {
  step: number;
  config: RnntConfig;
  params: ParamMap;
}

export interface TrainerOptions {
  config: RnntConfig;
  corpus: TrainingCorpus;
  seed: number;
  /** Train until this many updates have been applied in total. */
  maxSteps: number;
  /** Most padded feature frames per batch. */
  batchFrames: number;
  schedule: LrScheduleInput;
  optimizer?: Partial<Omit<AdamWOptions, 'noDecay'>>;
  /** Band-limited ("pruned") RNN-T loss width; default: the exact full-lattice loss. */
  lossBand?: number;
  /** Global-norm gradient clipping threshold (default 5). */
  clipNorm?: number;
  checkpointDir?: string;
  /** Save every N steps (and always at the end when checkpointDir is set). */
  checkpointEvery?: number;
  validateEvery?: number;
  onValidate?: (context: ValidationContext) => void | Promise<void>;
  onProgress?: (progress: TrainingProgress) => void;
  /** Feature frame shift, for audio-seconds accounting (default 0.01). */
  frameShiftSeconds?: number;
}

export interface TrainResult {
  status: 'completed' | 'nan';
  /** Updates applied in total. */
  step: number;
  losses: { step: number; loss: number }[];
  /** Set when the run stopped on a non-finite loss or gradient: the step that failed and its batch. */
  nan?: { step: number; batchIds: string[]; loss: number; gradNorm: number };
  lastCheckpoint?: string;
}

function checkOptions(o: TrainerOptions): void {
  const bad = (field: string, why: string): never => {
    throw new Error(`trainer option ${field}: ${why}`);
  };
  if (!Number.isInteger(o.maxSteps) || o.maxSteps < 0)
    bad('maxSteps', `must be a non-negative integer, got ${o.maxSteps}`);
  if (!(o.batchFrames > 0)) bad('batchFrames', `must be positive, got ${o.batchFrames}`);
  if (!Number.isInteger(o.seed)) bad('seed', `must be an integer, got ${o.seed}`);
  if (o.corpus.size < 1) bad('corpus', 'is empty');
  for (const [field, value] of [
    ['checkpointEvery', o.checkpointEvery],
    ['validateEvery', o.validateEvery],
  ] as const) {
    if (value !== undefined && (!Number.isInteger(value) || value < 1))
      bad(field, `must be a positive integer, got ${value}`);
  }
  if (o.clipNorm !== undefined && !(o.clipNorm > 0)) bad('clipNorm', `must be positive, got ${o.clipNorm}`);
}

/**
 * The dense training loop: seeded batch plans (length-bucketed, reshuffled per epoch), AdamW with
 * a learning-rate schedule, global-norm clipping, dropout seeded per step, periodic checkpoints
 * (safetensors + JSON sidecar) and validation. Deterministic for a seed on a given backend;
 * `Trainer.resume` continues exactly where a checkpoint left off.
 */
export class Trainer {
  readonly config: RnntConfig;
  readonly params: ParamMap;
  readonly optimizer: AdamW;
  private readonly schedule: LrSchedule;
  private step = 0;
  private epoch = 0;
  private batchIndex = 0;
  private plan: { epoch: number; batches: number[][] } | undefined;

  constructor(private readonly options: TrainerOptions) {
    checkOptions(options);
    this.config = parseRnntConfig(options.config);
    const parsed = LrScheduleSchema.safeParse(options.schedule);
    if (!parsed.success) {
      throw new Error(
        `trainer option schedule: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
    }
    this.schedule = parsed.data;
    this.params = initParams(this.config, options.seed);
    this.optimizer = new AdamW(this.params, options.optimizer);
  }

  /** A trainer continuing from `<base>.safetensors` + `<base>.json` (see checkpoint.ts). */
  static resume(options: TrainerOptions, base: string): Trainer {
    const trainer = new Trainer(options);
    try {
      const sidecar = loadCheckpoint(base, trainer.params, trainer.optimizer, trainer.config);
      if (sidecar.seed !== options.seed)
        throw new Error(`checkpoint ${base}: seed ${sidecar.seed} differs from the run's ${options.seed}`);
      trainer.step = sidecar.step;
      trainer.epoch = sidecar.epoch;
      trainer.batchIndex = sidecar.batchIndex;
    } catch (error) {
      trainer.dispose();
      throw error;
    }
    return trainer;
  }

  get completedSteps(): number {
    return this.step;
  }

  /** Loss and gradients of a batch with the current parameters (optionally masked: θ ⊙ mask). */
  lossAndGrads(
    batch: RnntBatch,
    options: LossAndGradsOptions = {},
  ): { loss: number; grads: Map<string, tf.Tensor> } {
    return lossAndGrads(this.config, this.params, batch, options);
  }

  async run(): Promise<TrainResult> {
    const o = this.options;
    const losses: { step: number; loss: number }[] = [];
    let lastCheckpoint: string | undefined;
    while (this.step < o.maxSteps) {
      await new Promise<void>((resolve) => setImmediate(resolve)); // let callers' events run between steps
      const batchIndices = this.nextBatch();
      const examples = batchIndices.map((i) => o.corpus.example(i));
      const started = performance.now();
      const lr = learningRate(this.schedule, this.step + 1);
      const batch = collate(examples, this.config.inputDim, this.config.vocabSize);
      let result: { loss: number; grads: Map<string, tf.Tensor> };
      try {
        const dropout = new Dropout(this.config.dropout, deriveSeed(o.seed, `dropout:${this.step + 1}`));
        result = lossAndGrads(this.config, this.params, batch, { dropout, band: o.lossBand });
      } finally {
        batch.features.dispose();
        batch.targets.dispose();
      }
      const { grads, norm } = clipByGlobalNorm(result.grads, o.clipNorm ?? 5);
      result.grads.forEach((g) => g.dispose());
      if (!Number.isFinite(result.loss) || !Number.isFinite(norm)) {
        grads.forEach((g) => g.dispose());
        const nan = {
          step: this.step + 1,
          batchIds: examples.map((e) => e.id),
          loss: result.loss,
          gradNorm: norm,
        };
        if (o.checkpointDir)
          writeFileSync(join(o.checkpointDir, `nan-step-${nan.step}.json`), JSON.stringify(nan, null, 2));
        return { status: 'nan', step: this.step, losses, nan, lastCheckpoint };
      }
      this.optimizer.step(grads, { lr });
      grads.forEach((g) => g.dispose());
      this.step += 1;
      this.batchIndex += 1;
      losses.push({ step: this.step, loss: result.loss });
      const stepMs = performance.now() - started;
      const audioSeconds = examples.reduce((s, e) => s + e.frames, 0) * (o.frameShiftSeconds ?? 0.01);
      o.onProgress?.({
        step: this.step,
        loss: result.loss,
        lr,
        gradNorm: norm,
        epoch: this.epoch,
        audioSeconds,
        audioSecondsPerSecond: audioSeconds / (stepMs / 1000),
        stepMs,
      });
      const atEnd = this.step === o.maxSteps;
      if (o.checkpointDir && (atEnd || (o.checkpointEvery && this.step % o.checkpointEvery === 0))) {
        lastCheckpoint = this.saveCheckpoint(o.checkpointDir);
      }
      if (o.onValidate && o.validateEvery && this.step % o.validateEvery === 0) {
        await o.onValidate({ step: this.step, config: this.config, params: this.params });
      }
    }
    return { status: 'completed', step: this.step, losses, lastCheckpoint };
  }

  /** Write a checkpoint of the current state into `dir`; returns its base path. */
  saveCheckpoint(dir: string): string {
    const base = checkpointBase(dir, this.step);
    saveCheckpoint(base, this.params, this.optimizer, {
      step: this.step,
      epoch: this.epoch,
      batchIndex: this.batchIndex,
      seed: this.options.seed,
      config: this.config,
      extra: {
        schedule: this.schedule,
        batchFrames: this.options.batchFrames,
        lossBand: this.options.lossBand,
      },
    });
    return base;
  }

  dispose(): void {
    disposeParams(this.params);
    this.optimizer.dispose();
  }

  private nextBatch(): number[] {
    const { corpus, batchFrames, seed } = this.options;
    for (;;) {
      if (!this.plan || this.plan.epoch !== this.epoch) {
        const frames = Array.from({ length: corpus.size }, (_, i) => corpus.frames(i));
        this.plan = {
          epoch: this.epoch,
          batches: planBatches(frames, { maxFrames: batchFrames, seed, epoch: this.epoch }),
        };
      }
      if (this.batchIndex < this.plan.batches.length) return this.plan.batches[this.batchIndex];
      this.epoch += 1;
      this.batchIndex = 0;
    }
  }
}
