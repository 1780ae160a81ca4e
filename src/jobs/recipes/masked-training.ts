import {
  AdamW,
  collate,
  learningRate,
  LanguageSampler,
  LrScheduleSchema,
  PathwayTrainer,
  planBatches,
  rnntBatchLoss,
  tf,
  type LanguageBatch,
  type LrScheduleInput,
  type MaskSet,
  type ParamMap,
  type PathwayTrainerOptions,
  type RnntBatch,
  type RnntConfig,
  type SamplingConfig,
  type TrainingExample,
} from '../../engine';

const FRAME_SHIFT_SECONDS = 0.01;

/** One language's examples, served as seeded, length-bucketed batches, reshuffled each epoch. */
class LanguageBatches {
  private epoch = 0;
  private index = 0;
  private plan: number[][];

  constructor(
    private readonly examples: readonly TrainingExample[],
    private readonly maxFrames: number,
    private readonly seed: number,
  ) {
    this.plan = this.planEpoch();
  }

  next(): TrainingExample[] {
    if (this.index >= this.plan.length) {
      this.epoch += 1;
      this.index = 0;
      this.plan = this.planEpoch();
    }
    return this.plan[this.index++].map((i) => this.examples[i]);
  }

  private planEpoch(): number[][] {
    return planBatches(
      this.examples.map((e) => e.frames),
      { maxFrames: this.maxFrames, seed: this.seed, epoch: this.epoch },
    );
  }
}

/** What takes one masked multilingual step: PathwayTrainer itself, or DynamicPathways through an adapter. */
export interface Stepper {
  readonly languages: string[];
  step(
    batches: readonly LanguageBatch<RnntBatch>[],
    options: { lr: number; clipNorm?: number },
  ): { loss: number; losses: Map<string, number> };
}

export interface MaskedTrainingOptions {
  config: RnntConfig;
  params: ParamMap;
  /** Training examples by language (the keys of `masks` in `train` must be among them). */
  data: ReadonlyMap<string, readonly TrainingExample[]>;
  seed: number;
  batchFrames: number;
  schedule: LrScheduleInput;
  clipNorm: number;
  sampling: SamplingConfig;
  /** Called after every step with the global step number. */
  onStep: (
    step: number,
    result: { loss: number; losses: Map<string, number>; lr: number; audioSec: number },
  ) => void;
}

/**
 * Masked multilingual training shared by pruning (LAP: one mask for every language; LSP: one language) and
 * pathways (one mask per language): each step takes one batch per sampled language through θ ⊙ m_l and one
 * AdamW step restricted to the union of the masks involved. The step counter runs on across `train` calls.
 */
export class MaskedTraining {
  readonly optimizer: AdamW;
  private readonly schedule;
  private sampler?: { key: string; sampler: LanguageSampler; batches: Map<string, LanguageBatches> };
  step = 0;

  constructor(private readonly options: MaskedTrainingOptions) {
    this.optimizer = new AdamW(options.params);
    this.schedule = LrScheduleSchema.parse(options.schedule);
  }

  /** What a PathwayTrainer or DynamicPathways over these masks (by language) needs: params, loss, optimizer. */
  trainerOptions(masks: ReadonlyMap<string, MaskSet>): PathwayTrainerOptions<RnntBatch> {
    for (const language of masks.keys()) {
      if (!this.options.data.get(language)?.length)
        throw new Error(`no training data for language '${language}'`);
    }
    const { config } = this.options;
    return {
      params: this.options.params,
      masks,
      loss: (params, batch) => rnntBatchLoss(config, params, batch) as tf.Scalar,
      optimizer: this.optimizer,
    };
  }

  /** A trainer over these masks (by language) that the caller steps with {@link trainSteps}. */
  trainer(masks: ReadonlyMap<string, MaskSet>): PathwayTrainer<RnntBatch> {
    return new PathwayTrainer<RnntBatch>(this.trainerOptions(masks));
  }

  /**
   * Train `steps` steps through `stepper` (a PathwayTrainer, or an adapter of DynamicPathways), languages drawn
   * by the sampling scheme.
   */
  async trainSteps(stepper: Stepper, steps: number): Promise<void> {
    const o = this.options;
    const { sampler, batches: streams } = this.samplerFor(stepper.languages);
    for (let i = 0; i < steps; i++) {
      await new Promise<void>((resolve) => setImmediate(resolve)); // let pause requests arrive
      const lr = learningRate(this.schedule, this.step + 1);
      let audioSec = 0;
      const batches = sampler.next().map(({ language, share }) => {
        const examples = streams.get(language)!.next();
        audioSec += examples.reduce((s, e) => s + e.frames, 0) * FRAME_SHIFT_SECONDS;
        return { language, share, batch: collate(examples, o.config.inputDim, o.config.vocabSize) };
      });
      try {
        const { loss, losses } = stepper.step(batches, { lr, clipNorm: o.clipNorm });
        if (!Number.isFinite(loss)) throw new Error(`non-finite loss at step ${this.step + 1}`);
        this.step += 1;
        o.onStep(this.step, { loss, losses, lr, audioSec });
      } finally {
        for (const b of batches) {
          b.batch.features.dispose();
          b.batch.targets.dispose();
        }
      }
    }
  }

  /**
   * Resume: advance the language sampler and the batch streams exactly as `steps` steps over these languages
   * would have, without training, and continue the step count from there.
   */
  skip(languages: readonly string[], steps: number): void {
    const { sampler, batches } = this.samplerFor(languages);
    for (let i = this.step; i < steps; i++) {
      for (const { language } of sampler.next()) batches.get(language)!.next();
    }
    this.step = Math.max(this.step, steps);
  }

  /**
   * One sampler and one batch stream per language for the whole run (per language set), so draws do not depend
   * on how steps were chunked. A step's batches share `batchFrames` equally: every step — a multilingual one with a
   * batch per language, an LSP one with a batch of its language, a dense pre-training one with a mixed batch —
   * sees at most `batchFrames` frames, so steps of different systems cost and see the same amount of audio.
   */
  private samplerFor(languages: readonly string[]) {
    const key = [...languages].sort().join('\n');
    if (this.sampler?.key !== key) {
      const o = this.options;
      const sizes = new Map(languages.map((l) => [l, o.data.get(l)!.length]));
      const sampler = new LanguageSampler(sizes, o.sampling);
      const frames = Math.max(1, Math.floor(o.batchFrames / sampler.batchesPerStep));
      const batches = new Map(languages.map((l) => [l, new LanguageBatches(o.data.get(l)!, frames, o.seed)]));
      this.sampler = { key, sampler, batches };
    }
    return this.sampler;
  }

  dispose(): void {
    this.optimizer.dispose();
  }
}
