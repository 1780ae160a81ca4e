import type { LogMel } from './logmel';
import { randomInt } from './rng';

/**
 * SpecAugment (Park et al. 2019) as configured in icefall's recipes (lhotse `SpecAugment` defaults).
 * With probability `p`, on a frames × bins matrix:
 * - time warp: pick a centre c ∈ [W+1, T−W), a target w ∈ [c−W+1, c+W], and linearly stretch frames [0, c) onto
 *   [0, w) and [c, T) onto [w, T) (half-pixel-centred linear interpolation); skipped when T ≤ 2W+1;
 * - `numFeatureMasks` frequency masks of width uniform in [0, featureMaskSize) at a uniform start;
 * - up to `numFrameMasks` time masks, their count and width limited so that together they cover at most
 *   `maxFrameMaskFraction` of the frames: count = min(numFrameMasks, ceil(F·T / frameMaskSize)),
 *   width uniform in [0, min(frameMaskSize, floor(F·T / count))).
 * Masked cells are set to the mean of the whole (warped) matrix. All randomness comes from `rng`.
 */
export interface SpecAugmentOptions {
  timeWarpFactor?: number;
  numFeatureMasks?: number;
  featureMaskSize?: number;
  numFrameMasks?: number;
  frameMaskSize?: number;
  maxFrameMaskFraction?: number;
  p?: number;
}

export const SPECAUGMENT_DEFAULTS: Required<SpecAugmentOptions> = {
  timeWarpFactor: 80,
  numFeatureMasks: 2,
  featureMaskSize: 27,
  numFrameMasks: 10,
  frameMaskSize: 100,
  maxFrameMaskFraction: 0.15,
  p: 0.9,
};

/** Resamples rows [from, from + srcLen) of `src` onto rows [to, to + dstLen) of `dst` by linear interpolation. */
function stretchRows(
  src: Float32Array,
  from: number,
  srcLen: number,
  dst: Float32Array,
  to: number,
  dstLen: number,
  bins: number,
): void {
  for (let i = 0; i < dstLen; i++) {
    const pos = Math.min(Math.max(((i + 0.5) * srcLen) / dstLen - 0.5, 0), srcLen - 1);
    const lo = Math.floor(pos);
    const hi = Math.min(lo + 1, srcLen - 1);
    const t = pos - lo;
    for (let b = 0; b < bins; b++) {
      dst[(to + i) * bins + b] = (1 - t) * src[(from + lo) * bins + b] + t * src[(from + hi) * bins + b];
    }
  }
}

function timeWarp(
  data: Float32Array,
  frames: number,
  bins: number,
  factor: number,
  rng: () => number,
): Float32Array {
  if (factor < 1 || frames <= 2 * factor + 1) return data;
  const centre = randomInt(rng, factor + 1, frames - factor);
  const warped = randomInt(rng, centre - factor, centre + factor) + 1;
  const out = new Float32Array(data.length);
  stretchRows(data, 0, centre, out, 0, warped, bins);
  stretchRows(data, centre, frames - centre, out, warped, frames - warped, bins);
  return out;
}

/** Returns an augmented copy of `features` (or an unchanged copy when the p-coin says no). */
export function specAugment(features: LogMel, rng: () => number, opts: SpecAugmentOptions = {}): LogMel {
  const o = { ...SPECAUGMENT_DEFAULTS, ...opts };
  const { frames, bins } = features;
  if (frames === 0 || rng() >= o.p) return { data: features.data.slice(), frames, bins };
  const data = timeWarp(features.data, frames, bins, o.timeWarpFactor, rng).slice();
  const mean = data.reduce((s, x) => s + x, 0) / data.length;
  for (let m = 0; m < o.numFeatureMasks; m++) {
    const width = randomInt(rng, 0, Math.min(o.featureMaskSize, bins));
    const start = randomInt(rng, 0, bins - width);
    for (let f = 0; f < frames; f++) data.fill(mean, f * bins + start, f * bins + start + width);
  }
  const maxTotal = o.maxFrameMaskFraction * frames;
  const count = Math.min(o.numFrameMasks, Math.ceil(maxTotal / o.frameMaskSize));
  const maxWidth = count > 0 ? Math.min(o.frameMaskSize, Math.floor(maxTotal / count)) : 0;
  for (let m = 0; m < count && maxWidth > 0; m++) {
    const width = randomInt(rng, 0, maxWidth);
    const start = randomInt(rng, 0, frames - width);
    data.fill(mean, start * bins, (start + width) * bins);
  }
  return { data, frames, bins };
}
