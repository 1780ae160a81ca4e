import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseRnntConfig, type RnntConfig } from '../model/config';
import { prunedLossScale, prunedOptionProblems, type RnntLossOptions } from '../loss/pruned-options';
import type { PruneRanges } from '../loss/prune-ranges';
import { Dropout } from '../model/layers';
import type { ParamMap, ParamSource } from '../model/params';
import { deriveSeed } from '../model/random';
import { rnntBatchLoss, type BatchLossOptions, type RnntBatch } from '../model/rnnt-model';
import { addSimpleJoiner } from '../model/simple-joiner';
import { DynamicPathways, type DynamicOptions, type Reevaluation } from '../pathways/dynamic';
import type { SamplerOptions } from '../pathways/language-sampler';
import type { MaskedGradsFn } from '../pathways/loss-fn';
import { NonFiniteLoss } from '../pathways/masked-gradients';
import { PathwayTrainer, type LanguageBatch, type PathwayGradients } from '../pathways/trainer';
import type { MaskSet } from '../prune/mask-set';
import { tf } from '../tf';
import { takeDeviceErrors } from '../webgpu';
import { AdamW } from './adamw';
import { adjustBatches } from './adjust-batches';
import { BatchSource } from './batch-source';
import {
  assignWeights,
  checkpointBase,
  checkpointsNewestFirst,
  checkWeights,
  readCheckpoint,
  writeCheckpoint,
} from './checkpoint';
import { CheckpointDamaged, replaceFile, type CheckpointContent, type FileWriter } from './checkpoint-files';
import { clipToNorm, readGlobalNorm } from './clip';
import { collate, type TrainingExample } from './corpus';
import { defaultLatticeRead, lossAndGrads } from './loss-and-grads';
import { readLatticeMaskedLossAndGrads } from './read-lattice-step';
import { learningRate, LrScheduleSchema, type LrSchedule, type LrScheduleInput } from './schedule';

/** One turn of the event loop: setImmediate under Node, a zero-delay timer where there is none (a browser page). */
const yieldToEvents = (): Promise<void> =>
  new Promise((resolve) =>
    typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0),
  );

const FRAME_SHIFT_SECONDS = 0.01;

/** What one step did, for progress and metrics. */
export interface StepReport {
  step: number;
  /** Σ share · loss over the step's batches (one mixed batch: its loss). */
  loss: number;
  /** Mean loss per language over its batches in the step (masked training). */
  losses: ReadonlyMap<string, number>;
  lr: number;
  /** Global gradient norm before clipping. */
  gradNorm: number;
  /** Seconds of audio in the step's batches. */
  audioSeconds: number;
  stepMs: number;
  /**
   * Pruned loss: utterances of the step whose labels outnumbered what `pruneRange` positions per frame can emit,
   * so the step's range was raised (to `range`, the largest used); absent when none was.
   */
  raisedRanges?: { utterances: number; range: number };
}

/** The first step whose loss or gradient was not finite, and its batch; no update was applied for it. */
export interface NanReport {
  step: number;
  batchIds: string[];
  loss: number;
  gradNorm: number;
}

export interface LoopHooks {
  /** After every step (progress, metrics). */
  onStep?(report: StepReport): void;
  /** After every checkpoint is written: where the jobs layer stops a job that was asked to pause. */
  onCheckpoint?(checkpoint: { step: number; base: string }): void | Promise<void>;
}

/** Dynamic pathways' options in a loop: for score 'adjust' the loop draws the adjust phase's batches itself. */
export type LoopDynamicOptions = Omit<DynamicOptions<RnntBatch>, 'adjust'> & {
  adjust?: { steps: number; lr: number };
};

export interface TrainingLoopOptions {
  config: RnntConfig;
  /** The weights trained in place; the caller owns (and disposes) them. */
  params: ParamMap;
  /** The run seed: batch plans and dropout masks derive from it; a checkpoint of another seed is refused. */
  seed: number;
  /**
   * Dense training from scratch: mixed `examples`, or examples by language and a language sampler (a scheme other
   * than pooled proportional), no masks. Masked training (dense fine-tuning with full masks, LAP, LSP, pathways):
   * examples by language, a language sampler, one mask per language trained; `dynamic` re-selects the masks while
   * training (dynamic pathways).
   */
  data:
    | { examples: readonly TrainingExample[] }
    | {
        byLanguage: ReadonlyMap<string, readonly TrainingExample[]>;
        sampling: SamplerOptions;
        /** One mask per language trained; without masks the model trains dense on the sampled batches. */
        masks?: ReadonlyMap<string, MaskSet>;
        dynamic?: LoopDynamicOptions;
      };
  /** Most padded feature frames per step (a masked step's batches share them equally). */
  batchFrames: number;
  schedule: LrScheduleInput;
  /** Global-norm gradient clipping threshold (default 5). */
  clipNorm?: number;
  /** Apply the model config's dropout, seeded per step (dense training from scratch does). */
  dropout?: boolean;
  /**
   * Diagonal band-limited RNN-T loss width (loss/rnnt-band.ts, no learned ranges); default: the exact full-lattice
   * loss. Not with `loss` 'pruned', which supersedes it.
   */
  lossBand?: number;
  /**
   * The RNN-T loss (default 'full', today's exact loss). 'pruned': simpleLossScale · simple + scale(step) · pruned
   * (model/pruned-batch-loss.ts, warm-up in loss/pruned-options.ts); the loop adds the simple joiner's weights to
   * `params` when they are missing.
   */
  loss?: RnntLossOptions;
  /** Checkpoint every `every` steps and at the end of each {@link TrainingLoop.run}, into `dir` through `write`. */
  checkpoints?: { dir: string; every: number; write?: FileWriter };
  hooks?: LoopHooks;
}

/** Where {@link TrainingLoop.resume} continued from, and the newer checkpoints it found damaged and skipped. */
export interface Resumed {
  base?: string;
  step: number;
  /** The job bookkeeping saved with the checkpoint resumed from. */
  job?: unknown;
  damaged: { base: string; problem: string }[];
}

function checkOptions(o: TrainingLoopOptions): void {
  const bad = (field: string, why: string): never => {
    throw new Error(`training option ${field}: ${why}`);
  };
  if (!(o.batchFrames > 0)) bad('batchFrames', `must be positive, got ${o.batchFrames}`);
  if (!Number.isInteger(o.seed)) bad('seed', `must be an integer, got ${o.seed}`);
  if (o.clipNorm !== undefined && !(o.clipNorm > 0)) bad('clipNorm', `must be positive, got ${o.clipNorm}`);
  if (o.loss?.kind === 'pruned') {
    for (const [field, why] of prunedOptionProblems(o.loss)) bad(`loss.${field}`, why);
    if (o.lossBand !== undefined)
      bad('lossBand', "is the diagonal band; it cannot be combined with loss 'pruned'");
  }
  const every = o.checkpoints?.every;
  if (every !== undefined && (!Number.isInteger(every) || every < 1))
    bad('checkpoints.every', `must be a positive integer, got ${every}`);
}

function disposeAll(map: ReadonlyMap<string, tf.Tensor> | undefined): void {
  map?.forEach((t) => t.dispose());
}

/**
 * The training loop of every kind of training. A step draws its batches (batch-source.ts), takes the learning
 * rate of the schedule, computes the gradient — dense: of the mean RNN-T loss of one mixed batch; masked: Σ over
 * the step's per-language batches of share · m_l ⊙ ∇L_l(θ ⊙ m_l) (pathways/trainer.ts, dynamic pathways'
 * scores too) — clips it to a global norm, stops on a non-finite loss or gradient, and takes one AdamW step
 * (masked: restricted to the union of the masks of the step's languages). Checkpoints hold everything a resume
 * needs to continue bit for bit: weights, optimizer moments, masks, sampler and generator state, dynamic state,
 * step, and the caller's bookkeeping (checkpoint.ts). The step is async; hooks report every step and every
 * checkpoint.
 */
export class TrainingLoop {
  readonly config: RnntConfig;
  readonly params: ParamMap;
  readonly optimizer: AdamW;
  private readonly schedule: LrSchedule;
  private readonly source: BatchSource;
  private readonly pathways?: PathwayTrainer<RnntBatch>;
  private readonly dynamic?: DynamicPathways<RnntBatch>;
  private dropout: Dropout | undefined;
  private step = 0;
  private last: string | undefined;
  /** The step whose gradient is being computed (the pruned loss's warm-up scale reads it). */
  private current = 1;
  private raised = { utterances: 0, range: 0 };

  constructor(private readonly options: TrainingLoopOptions) {
    checkOptions(options);
    this.config = parseRnntConfig(options.config);
    const parsed = LrScheduleSchema.safeParse(options.schedule);
    if (!parsed.success) {
      throw new Error(
        `training option schedule: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
    }
    this.schedule = parsed.data;
    this.params = options.params;
    if (options.loss?.kind === 'pruned') addSimpleJoiner(this.params, this.config, options.seed);
    const { data } = options;
    this.source = new BatchSource(
      'byLanguage' in data
        ? { ...data, languages: [...(data.masks ?? data.byLanguage).keys()].sort() }
        : data,
      options.batchFrames,
      options.seed,
    );
    this.optimizer = new AdamW(this.params);
    if (!('byLanguage' in data) || !data.masks) return;
    // On webgpu the loss op cannot read its lattice synchronously: masked steps take the lattice-reading step too.
    const grads: MaskedGradsFn<RnntBatch> | undefined =
      defaultLatticeRead() === 'async'
        ? (params, masks, batch) =>
            readLatticeMaskedLossAndGrads(this.config, params, masks, batch, this.batchLossOptions())
        : undefined;
    const trainer = {
      params: this.params,
      masks: data.masks,
      loss: (params: ParamSource, batch: RnntBatch) =>
        rnntBatchLoss(this.config, params, batch, this.batchLossOptions()) as tf.Scalar,
      grads,
      optimizer: this.optimizer,
    };
    try {
      const adjust = data.dynamic?.adjust && {
        ...data.dynamic.adjust,
        ...adjustBatches(data.byLanguage, options.batchFrames, options.seed, this.config, () => this.step),
      };
      this.dynamic = data.dynamic
        ? new DynamicPathways({ ...trainer, dynamic: { ...data.dynamic, adjust } })
        : undefined;
      this.pathways = this.dynamic?.trainer ?? new PathwayTrainer(trainer);
    } catch (error) {
      this.optimizer.dispose();
      throw error;
    }
  }

  /** The loss options of the step being computed: the one place the chosen loss is set. */
  private batchLossOptions(): BatchLossOptions {
    const loss = this.options.loss;
    if (loss?.kind !== 'pruned') return { dropout: this.dropout, band: this.options.lossBand };
    const onRanges = (ranges: PruneRanges): void => {
      if (ranges.raised === 0) return;
      this.raised.utterances += ranges.raised;
      this.raised.range = Math.max(this.raised.range, ranges.range);
    };
    const { pruneRange, lmScale, amScale, simpleLossScale, warmupSteps } = loss;
    return {
      dropout: this.dropout,
      pruned: {
        pruneRange,
        lmScale,
        amScale,
        simpleLossScale,
        prunedScale: prunedLossScale(this.current, warmupSteps),
        onRanges,
      },
    };
  }

  /** Updates applied in total. */
  get completedSteps(): number {
    return this.step;
  }

  /** The checkpoint written last, or resumed from. */
  get lastCheckpoint(): string | undefined {
    return this.last;
  }

  /** The masks by language (masked training). */
  masks(): ReadonlyMap<string, MaskSet> | undefined {
    return this.pathways?.masks();
  }

  /** Language l's masks as 0/1 tensors (owned by the loop; valid until the masks change). */
  maskTensors(language: string): ReadonlyMap<string, tf.Tensor> {
    if (!this.pathways) throw new Error('dense training has no masks');
    return this.pathways.maskTensors(language);
  }

  /** Reset the optimizer's moments and step count (LTH with `rewindOptimizer: 'reset'`, after a rewind). */
  resetOptimizer(): void {
    this.optimizer.reset();
  }

  /** Replace the masks (IMP between rounds); weights outside the new union become 0. */
  setMasks(masks: ReadonlyMap<string, MaskSet>): void {
    if (!this.pathways) throw new Error('dense training has no masks');
    this.pathways.setMasks(masks);
  }

  /** The re-evaluations of dynamic pathways so far. */
  get reevaluations(): readonly Reevaluation[] {
    return this.dynamic?.history ?? [];
  }

  /**
   * Train until `until` updates have been applied in total, checkpointing every `checkpoints.every` steps and at
   * `until`; the checkpoints carry `job` (the caller's bookkeeping). Stops early on a non-finite loss or gradient.
   */
  async run(
    until: number,
    job?: unknown,
  ): Promise<{ status: 'completed' | 'nan'; step: number; nan?: NanReport }> {
    if (!Number.isInteger(until) || until < 0)
      throw new Error(`train until: must be a non-negative integer, got ${until}`);
    const every = this.options.checkpoints?.every;
    while (this.step < until) {
      const nan = await this.trainStep();
      if (nan) {
        const cp = this.options.checkpoints;
        if (cp) {
          mkdirSync(cp.dir, { recursive: true });
          (cp.write ?? replaceFile)(join(cp.dir, `nan-step-${nan.step}.json`), JSON.stringify(nan, null, 2));
        }
        return { status: 'nan', step: this.step, nan };
      }
      if (every && (this.step % every === 0 || this.step === until)) {
        const base = await this.saveCheckpoint(job);
        await this.options.hooks?.onCheckpoint?.({ step: this.step, base });
      }
    }
    return { status: 'completed', step: this.step };
  }

  /** One step; returns the problem instead when its loss or gradient is not finite (nothing is updated then). */
  async trainStep(): Promise<NanReport | undefined> {
    await yieldToEvents(); // let callers' events (pause requests) run
    const step = this.step + 1;
    this.current = step;
    this.raised = { utterances: 0, range: 0 };
    const started = performance.now();
    const lr = learningRate(this.schedule, step);
    const drawn = this.source.next();
    let audioSeconds = 0;
    for (const d of drawn) audioSeconds += d.examples.reduce((s, e) => s + e.frames, 0) * FRAME_SHIFT_SECONDS;
    const batchIds = drawn.flatMap((d) => d.examples.map((e) => e.id));
    this.dropout = this.options.dropout
      ? new Dropout(this.config.dropout, deriveSeed(this.options.seed, `dropout:${step}`))
      : undefined;
    const batches: LanguageBatch<RnntBatch>[] = [];
    let result: { loss: number; losses: ReadonlyMap<string, number>; gradNorm: number };
    try {
      for (const d of drawn)
        batches.push({
          language: d.language ?? '',
          share: d.share,
          batch: collate(d.examples, this.config.inputDim, this.config.vocabSize),
        });
      let gradients: PathwayGradients;
      try {
        gradients = await this.gradients(batches);
      } catch (error) {
        if (error instanceof NonFiniteLoss) return { step, batchIds, loss: error.loss, gradNorm: NaN };
        throw error;
      }
      const norm = await readGlobalNorm(gradients.combined);
      const deviceErrors = takeDeviceErrors();
      if (deviceErrors.length > 0) {
        disposeAll(gradients.combined);
        gradients.dense?.forEach(disposeAll);
        throw new Error(`step ${step}: the GPU device failed (${deviceErrors[0]}), so its results are wrong`);
      }
      const grads = clipToNorm(gradients.combined, this.options.clipNorm ?? 5, norm);
      disposeAll(gradients.combined);
      if (!Number.isFinite(gradients.loss) || !Number.isFinite(norm)) {
        disposeAll(grads);
        gradients.dense?.forEach(disposeAll);
        return { step, batchIds, loss: gradients.loss, gradNorm: norm };
      }
      await this.apply(batches, gradients, grads, lr);
      result = { loss: gradients.loss, losses: gradients.losses, gradNorm: norm };
    } finally {
      for (const { batch } of batches) tf.dispose([batch.features, batch.targets]);
    }
    this.step = step;
    this.options.hooks?.onStep?.({
      step,
      ...result,
      lr,
      audioSeconds,
      stepMs: performance.now() - started,
      ...(this.raised.utterances > 0 ? { raisedRanges: { ...this.raised } } : {}),
    });
    return undefined;
  }

  private async gradients(batches: readonly LanguageBatch<RnntBatch>[]): Promise<PathwayGradients> {
    if (!this.pathways) return this.denseGradients(batches);
    return this.dynamic ? this.dynamic.gradients(batches) : this.pathways.computeGradients(batches);
  }

  /** Dense training: Σ share · ∇L over the step's batches (one mixed batch: its own gradient). */
  private async denseGradients(batches: readonly LanguageBatch<RnntBatch>[]): Promise<PathwayGradients> {
    const { dropout, band, pruned } = this.batchLossOptions();
    const options = { dropout, band, pruned };
    if (batches.length === 1 && batches[0].share === 1 && !batches[0].language) {
      const { loss, grads } = await lossAndGrads(this.config, this.params, batches[0].batch, options);
      return { combined: grads, loss, losses: new Map() };
    }
    const combined = new Map<string, tf.Tensor>();
    const lossSums = new Map<string, { sum: number; count: number }>();
    let loss = 0;
    for (const { language, batch, share } of batches) {
      let result: Awaited<ReturnType<typeof lossAndGrads>>;
      try {
        result = await lossAndGrads(this.config, this.params, batch, options);
      } catch (error) {
        disposeAll(combined);
        throw error;
      }
      loss += share * result.loss;
      const entry = lossSums.get(language) ?? { sum: 0, count: 0 };
      lossSums.set(language, { sum: entry.sum + result.loss, count: entry.count + 1 });
      for (const [name, g] of result.grads) {
        const prev = combined.get(name);
        combined.set(
          name,
          tf.tidy(() => (prev ? tf.add(prev, tf.mul(share, g)) : tf.mul(share, g))),
        );
        prev?.dispose();
        g.dispose();
      }
    }
    const losses = new Map([...lossSums].map(([l, { sum, count }]) => [l, sum / count]));
    return { combined, loss, losses };
  }

  /** One optimizer step from the clipped gradient `grads` (disposed). */
  private async apply(
    batches: readonly LanguageBatch<RnntBatch>[],
    gradients: PathwayGradients,
    grads: Map<string, tf.Tensor>,
    lr: number,
  ): Promise<void> {
    if (!this.pathways) {
      this.optimizer.step(grads, { lr });
      disposeAll(grads);
      return;
    }
    const languages = batches.map((b) => b.language);
    if (this.dynamic) await this.dynamic.apply(languages, gradients, grads, { lr });
    else await this.pathways.applyGradients(grads, languages, { lr });
  }

  /** Write a checkpoint of the current state (carrying `job`) into the checkpoint folder; returns its base. */
  async saveCheckpoint(job?: unknown): Promise<string> {
    const cp = this.options.checkpoints;
    if (!cp) throw new Error('this training has no checkpoint folder');
    mkdirSync(cp.dir, { recursive: true });
    const base = checkpointBase(cp.dir, this.step);
    const tensors = await this.optimizer.exportState();
    const dynamic = await this.dynamic?.exportState();
    dynamic?.tensors.forEach((t, name) => tensors.set(name, t));
    await writeCheckpoint(
      base,
      { params: this.params, step: this.step, seed: this.options.seed, config: this.config },
      {
        tensors,
        sampler: this.source.exportState(),
        masks: this.pathways?.masks(),
        state: dynamic?.metadata,
        job,
      },
      cp.write,
    );
    this.last = base;
    return base;
  }

  /**
   * Continue from a checkpoint read with `readCheckpoint`: weights, optimizer, masks, dynamic state, sampler and
   * step. Everything is checked against this training before anything changes; errors name the checkpoint.
   * Returns the job bookkeeping it was saved with.
   */
  restore(content: CheckpointContent): unknown {
    const { base, training } = content;
    const fail = (problem: string): never => {
      throw new Error(`checkpoint ${base}: ${problem}`);
    };
    if (!training) return fail('holds weights only, no training state');
    if (content.seed !== this.options.seed)
      fail(`seed ${content.seed} differs from the run's ${this.options.seed}`);
    checkWeights(content, this.params, this.config);
    const problem = this.optimizer.checkState(content.tensors);
    if (problem) fail(problem);
    let masks: Map<string, MaskSet> | undefined;
    if (this.pathways) {
      masks = new Map();
      for (const language of this.pathways.languages) {
        const mask = training.masks.get(language) ?? training.masks.get('all');
        if (!mask) return fail(`holds no mask for language '${language}'`);
        try {
          mask.validateAgainst(this.params);
        } catch (error) {
          fail(`mask of language '${language}': ${(error as Error).message}`);
        }
        masks.set(language, mask);
      }
    } else if (training.masks.size > 0) fail('holds masks, and this training has none');
    if (this.dynamic && !training.state) fail('holds no dynamic pathways state');
    assignWeights(content, this.params);
    this.optimizer.importState(content.tensors);
    if (masks) this.pathways!.setMasks(masks);
    if (this.dynamic)
      this.dynamic.importState({ tensors: content.tensors, metadata: training.state! }, `checkpoint ${base}`);
    if (training.sampler) this.source.importState(training.sampler, `checkpoint ${base}`);
    else for (let i = 0; i < content.step; i++) this.source.next(); // version 1: replay the sampler's draws
    this.step = content.step;
    this.last = base;
    return training.job;
  }

  /**
   * Continue from the newest intact checkpoint of the checkpoint folder. Newer ones whose files are damaged
   * (missing, cut short, altered) are skipped and listed; a checkpoint that is intact but does not fit this
   * training throws. Without any intact checkpoint nothing changes (`base` undefined, step 0).
   */
  resume(): Resumed {
    const cp = this.options.checkpoints;
    if (!cp) throw new Error('this training has no checkpoint folder');
    const damaged: Resumed['damaged'] = [];
    for (const base of checkpointsNewestFirst(cp.dir)) {
      let content: CheckpointContent;
      try {
        content = readCheckpoint(base);
      } catch (error) {
        if (!(error instanceof CheckpointDamaged)) throw error;
        damaged.push({ base, problem: error.problem });
        continue;
      }
      const job = this.restore(content);
      return { base, step: this.step, job, damaged };
    }
    return { step: this.step, damaged };
  }

  /** Free the optimizer state, masks and dynamic buffers (the weights stay). */
  dispose(): void {
    this.optimizer.dispose();
    if (this.dynamic) this.dynamic.dispose();
    else this.pathways?.dispose();
  }
}
