import type { BaselineDelta, DeltaInterval } from '../../shared/api';

const points = (x: number) => `${x >= 0 ? '+' : ''}${(100 * x).toFixed(2)}`;

/** "-1.20 [-2.00, -0.40]*": the change in points, its interval, and a star when the interval excludes 0. */
export function intervalText(d: DeltaInterval): string {
  return `${points(d.delta)} [${points(d.low)}, ${points(d.high)}]${d.significant ? '*' : ''}`;
}

/** The average's interval of one rate against a baseline: empty without one, "refused" for other test sets. */
export function baselineIntervalText(b: BaselineDelta | null | undefined, rate: 'wer' | 'cer'): string {
  if (!b) return '';
  return b.bootstrap ? intervalText(b.bootstrap.average[rate]) : 'refused';
}

/** The share of resamples where the row beats the baseline, or empty. */
export function baselineImproveText(b: BaselineDelta | null | undefined, rate: 'wer' | 'cer'): string {
  return b?.bootstrap ? b.bootstrap.average[rate].pImprove.toFixed(3) : '';
}
