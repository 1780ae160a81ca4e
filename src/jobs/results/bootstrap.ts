import { SeededRandom } from '../../engine/model/random';
import type { DeltaInterval, PairedBootstrap, RateDeltas } from '../../shared/api';

/** One utterance's error counts and reference lengths (seed averages may be fractional). */
export interface UtteranceScore {
  wordErrors: number;
  refWords: number;
  charErrors: number;
  refChars: number;
}

/** Per language, the same utterances scored by system A and by system B, in the same order. */
export type PairedScores = Record<string, { a: readonly UtteranceScore[]; b: readonly UtteranceScore[] }>;

export interface BootstrapOptions {
  /** How many resampled test sets (Bisani and Ney ask for at least 1000). */
  resamples: number;
  /** Seed of the resampling, so the same scores give the same intervals. */
  seed: number;
  /** Coverage of the percentile interval. */
  level: number;
}

export const BOOTSTRAP_DEFAULTS: BootstrapOptions = { resamples: 1000, seed: 1, level: 0.95 };

/** Errors over reference length, as the store pools an evaluation (an empty reference: 0, or 1 with errors). */
const rate = (errors: number, length: number) => (length === 0 ? (errors === 0 ? 0 : 1) : errors / length);

/** The p-quantile of sorted draws: the smallest draw whose empirical distribution function reaches p. */
function quantile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

function interval(delta: number, draws: Float64Array, level: number): DeltaInterval {
  const sorted = Float64Array.from(draws).sort();
  const low = quantile(sorted, (1 - level) / 2);
  const high = quantile(sorted, (1 + level) / 2);
  const improved = draws.reduce((n, d) => (d < 0 ? n + 1 : n), 0);
  return { delta, low, high, pImprove: improved / draws.length, significant: low > 0 || high < 0 };
}

interface Change {
  wer: number;
  cer: number;
}

/** B − A in WER and CER, pooled over the utterances at `picks` (all of them when null). */
function change(
  a: readonly UtteranceScore[],
  b: readonly UtteranceScore[],
  picks: Int32Array | null,
): Change {
  let [aWe, aRw, aCe, aRc, bWe, bRw, bCe, bRc] = [0, 0, 0, 0, 0, 0, 0, 0];
  for (let k = 0; k < a.length; k++) {
    const i = picks ? picks[k] : k;
    aWe += a[i].wordErrors;
    aRw += a[i].refWords;
    aCe += a[i].charErrors;
    aRc += a[i].refChars;
    bWe += b[i].wordErrors;
    bRw += b[i].refWords;
    bCe += b[i].charErrors;
    bRc += b[i].refChars;
  }
  return { wer: rate(bWe, bRw) - rate(aWe, aRw), cer: rate(bCe, bRc) - rate(aCe, aRc) };
}

/**
 * Paired bootstrap of the change B − A in WER and CER (Bisani and Ney, ICASSP 2004): each resample draws, within
 * every language, as many utterances as it has, with replacement, and scores A and B on the same draw. WER and CER
 * are pooled per language (Σ errors / Σ reference length); the average is the plain mean over languages, as in the
 * comparison table. Per language and for the average: the change on the test set itself, the percentile interval
 * of the resampled changes, the share of resamples where B is better (Δ < 0), and whether the interval excludes 0.
 */
export function pairedBootstrap(
  scores: PairedScores,
  options: Partial<BootstrapOptions> = {},
): PairedBootstrap {
  const {
    resamples = BOOTSTRAP_DEFAULTS.resamples,
    seed = BOOTSTRAP_DEFAULTS.seed,
    level = BOOTSTRAP_DEFAULTS.level,
  } = options;
  if (!Number.isInteger(resamples) || resamples < 1) throw new Error('resamples must be a positive integer');
  const languages = Object.keys(scores).sort();
  if (languages.length === 0) throw new Error('there are no utterances to resample');
  for (const l of languages) {
    const { a, b } = scores[l];
    if (a.length === 0 || a.length !== b.length)
      throw new Error(`${l}: A and B must score the same utterances (${a.length} vs ${b.length})`);
  }
  const rng = new SeededRandom(seed);
  const draws = languages.map(() => ({ wer: new Float64Array(resamples), cer: new Float64Array(resamples) }));
  const average = { wer: new Float64Array(resamples), cer: new Float64Array(resamples) };
  const picks = languages.map((l) => new Int32Array(scores[l].a.length));
  for (let r = 0; r < resamples; r++) {
    for (const [k, l] of languages.entries()) {
      const n = picks[k].length;
      for (let i = 0; i < n; i++) picks[k][i] = rng.int(n);
      const d = change(scores[l].a, scores[l].b, picks[k]);
      draws[k].wer[r] = d.wer;
      draws[k].cer[r] = d.cer;
      average.wer[r] += d.wer / languages.length;
      average.cer[r] += d.cer / languages.length;
    }
  }
  const points = languages.map((l) => change(scores[l].a, scores[l].b, null));
  const averagePoint: Change = {
    wer: points.reduce((s, p) => s + p.wer / languages.length, 0),
    cer: points.reduce((s, p) => s + p.cer / languages.length, 0),
  };
  const summary = (point: Change, d: typeof average): RateDeltas => ({
    wer: interval(point.wer, d.wer, level),
    cer: interval(point.cer, d.cer, level),
  });
  return {
    resamples,
    level,
    perLanguage: Object.fromEntries(languages.map((l, k) => [l, summary(points[k], draws[k])])),
    average: summary(averagePoint, average),
  };
}
