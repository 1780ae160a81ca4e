import { resample } from '../audio/resample';

/** Speed factors used for 3-way speed perturbation in Kaldi/icefall recipes. */
export const SPEED_FACTORS = [0.9, 1.0, 1.1] as const;

/**
 * Speed perturbation: plays the audio `factor` times faster (tempo and pitch both change), as Kaldi/lhotse do,
 * by treating it as recorded at sampleRate·factor and band-limited-resampling it back to sampleRate.
 * The result has round(n / factor) samples; factor 1 returns the input unchanged.
 */
export function speedPerturb(samples: Float32Array, factor: number, sampleRate = 16000): Float32Array {
  if (!Number.isFinite(factor) || factor <= 0)
    throw new RangeError(`speedPerturb: factor must be > 0, got ${factor}`);
  return resample(samples, Math.round(sampleRate * factor), sampleRate);
}
