import { LanguageSampler, type SamplerOptions } from '../pathways/language-sampler';
import { planBatches } from './batching';
import { MIXED_STREAM, type SamplerState } from './checkpoint-files';
import type { TrainingExample } from './corpus';

/** Examples as seeded, length-bucketed batches (batching.ts), reshuffled each epoch. */
class BatchStream {
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

  get position(): { epoch: number; index: number } {
    return { epoch: this.epoch, index: this.index };
  }

  set position(at: { epoch: number; index: number }) {
    this.epoch = at.epoch;
    this.index = at.index;
    this.plan = this.planEpoch();
  }

  private planEpoch(): number[][] {
    return planBatches(
      this.examples.map((e) => e.frames),
      { maxFrames: this.maxFrames, seed: this.seed, epoch: this.epoch },
    );
  }
}

/** What a step trains on: mixed examples of every language, or one batch per sampled language and its share. */
export type TrainingData =
  | { examples: readonly TrainingExample[] }
  | {
      byLanguage: ReadonlyMap<string, readonly TrainingExample[]>;
      /** The languages trained (each must have data); steps draw among them by `sampling`. */
      languages: readonly string[];
      sampling: SamplerOptions;
    };

/** One batch of a step: its language (none for mixed batches), its weight in the step's gradient, its examples. */
export interface DrawnBatch {
  language?: string;
  share: number;
  examples: TrainingExample[];
}

/**
 * The batches of every step of a run, from one stream of mixed examples (dense training from scratch: each step
 * one batch of at most `batchFrames` frames) or from one stream per language with a language sampler (masked
 * training: a step's batches share `batchFrames` equally, so every step — a multilingual one with a batch per
 * language, an LSP one with a batch of its language — sees at most `batchFrames` frames). Its state (stream
 * positions, sampler generator) goes into the checkpoint.
 */
export class BatchSource {
  private readonly streams = new Map<string, BatchStream>();
  private readonly sampler?: LanguageSampler;

  constructor(data: TrainingData, batchFrames: number, seed: number) {
    if ('examples' in data) {
      if (data.examples.length < 1) throw new Error('training data: no examples');
      this.streams.set(MIXED_STREAM, new BatchStream(data.examples, batchFrames, seed));
      return;
    }
    for (const language of data.languages) {
      if (!data.byLanguage.get(language)?.length)
        throw new Error(`no training data for language '${language}'`);
    }
    const sizes = new Map(data.languages.map((l) => [l, data.byLanguage.get(l)!.length]));
    this.sampler = new LanguageSampler(sizes, data.sampling);
    const frames = Math.max(1, Math.floor(batchFrames / this.sampler.batchesPerStep));
    for (const language of data.languages)
      this.streams.set(language, new BatchStream(data.byLanguage.get(language)!, frames, seed));
  }

  next(): DrawnBatch[] {
    if (!this.sampler) return [{ share: 1, examples: this.streams.get(MIXED_STREAM)!.next() }];
    return this.sampler
      .next()
      .map(({ language, share }) => ({ language, share, examples: this.streams.get(language)!.next() }));
  }

  exportState(): SamplerState {
    const streams = Object.fromEntries([...this.streams].map(([key, s]) => [key, s.position]));
    return this.sampler ? { streams, random: this.sampler.randomState } : { streams };
  }

  /** Restore {@link exportState}'s output; `source` names the checkpoint in errors. */
  importState(state: SamplerState, source: string): void {
    const saved = Object.keys(state.streams ?? {}).sort();
    const own = [...this.streams.keys()].sort();
    if (saved.join('\n') !== own.join('\n'))
      throw new Error(
        `${source}: its batch streams are ${saved.join(', ')}, this training has ${own.join(', ')}`,
      );
    const whole = (n: unknown) => Number.isInteger(n) && (n as number) >= 0;
    for (const [key, at] of Object.entries(state.streams)) {
      if (!whole(at?.epoch) || !whole(at?.index))
        throw new Error(`${source}: batch stream '${key}' has no valid epoch and index`);
    }
    if (this.sampler && !whole(state.random))
      throw new Error(`${source}: the language sampler's generator state is missing`);
    for (const [key, at] of Object.entries(state.streams)) this.streams.get(key)!.position = at;
    if (this.sampler) this.sampler.randomState = state.random!;
  }
}
