import { SeededRandom } from '../model/random';

/** How much each language weighs: by amount of data, equally, or data^(1/T) (temperature T > 0). */
export type SamplingScheme = 'proportional' | 'uniform' | 'temperature';

export interface SamplerOptions {
  scheme: SamplingScheme;
  /** Temperature T of the 'temperature' scheme: p_l ∝ n_l^(1/T); T = 1 is proportional, T → ∞ uniform. */
  temperature?: number;
  /**
   * 'all': every step has one batch of every language, its share being the language weight.
   * 'sample': every step draws `batchesPerStep` languages from the weights, each batch with share 1/k.
   */
  mode?: 'all' | 'sample';
  batchesPerStep?: number;
  seed?: number;
}

/** Reject a language without data before any training (names the language). */
export function checkLanguageData(dataSizes: ReadonlyMap<string, number>): void {
  if (dataSizes.size === 0) throw new Error('no languages to train');
  for (const [language, n] of dataSizes) {
    if (!Number.isFinite(n) || n <= 0)
      throw new Error(`language '${language}' has no training data (size ${n})`);
  }
}

/** Normalised language weights (sum 1), in sorted language order. */
export function languageWeights(
  dataSizes: ReadonlyMap<string, number>,
  scheme: SamplingScheme,
  temperature = 1,
): Map<string, number> {
  checkLanguageData(dataSizes);
  if (scheme === 'temperature' && !(temperature > 0))
    throw new Error(`temperature must be > 0, got ${temperature}`);
  const languages = [...dataSizes.keys()].sort();
  const raw = languages.map((l) => {
    const n = dataSizes.get(l)!;
    return scheme === 'uniform' ? 1 : scheme === 'proportional' ? n : n ** (1 / temperature);
  });
  const total = raw.reduce((a, b) => a + b, 0);
  return new Map(languages.map((l, i) => [l, raw[i] / total]));
}

/** Chooses, for each training step, which languages contribute a batch and with what share. */
export class LanguageSampler {
  readonly weights: Map<string, number>;
  private readonly mode: 'all' | 'sample';
  /** Batches in every step: one per language ('all'), or `batchesPerStep` ('sample'). */
  readonly batchesPerStep: number;
  private random: SeededRandom;

  constructor(dataSizes: ReadonlyMap<string, number>, options: SamplerOptions) {
    this.weights = languageWeights(dataSizes, options.scheme, options.temperature);
    this.mode = options.mode ?? 'all';
    this.batchesPerStep = options.batchesPerStep ?? this.weights.size;
    if (!Number.isInteger(this.batchesPerStep) || this.batchesPerStep < 1) {
      throw new Error(`batchesPerStep must be a positive integer, got ${options.batchesPerStep}`);
    }
    this.random = new SeededRandom(options.seed ?? 0);
  }

  /** The generator state (saved in a checkpoint, restored on resume). */
  get randomState(): number {
    return this.random.state;
  }

  set randomState(state: number) {
    this.random = new SeededRandom(state);
  }

  /** The languages of the next step, each with its share of the step's gradient (shares sum to 1). */
  next(): { language: string; share: number }[] {
    if (this.mode === 'all') return [...this.weights].map(([language, share]) => ({ language, share }));
    const entries = [...this.weights];
    return Array.from({ length: this.batchesPerStep }, () => {
      let u = this.random.next();
      const pick = entries.find(([, w]) => (u -= w) < 0) ?? entries[entries.length - 1];
      return { language: pick[0], share: 1 / this.batchesPerStep };
    });
  }
}
