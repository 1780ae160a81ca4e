import { RealFft } from './fft';
import { gaussian, mulberry32 } from './rng';

/**
 * Log-mel filterbank features, following Kaldi's `compute-fbank-feats` / torchaudio.compliance.kaldi.fbank
 * with the defaults below (except that input is taken as floats in [-1, 1], not int16 counts).
 *
 * Per frame, in this order:
 * 1. framing: `frameLengthMs` (25 ms → 400 samples at 16 kHz) every `frameShiftMs` (10 ms → 160 samples),
 *    "snip edges": frames = n < 400 ? 0 : 1 + floor((n − 400) / 160); a trailing partial frame is dropped;
 * 2. optional dither: + dither · N(0, 1) from a seeded generator (dither 0 by default, so output is deterministic);
 * 3. DC removal (subtract the frame mean), on by default;
 * 4. pre-emphasis y[i] = x[i] − p·x[i−1], y[0] = x[0] − p·x[0] (p = 0.97 by default, 0 disables);
 * 5. window: "povey" (default) w[i] = (0.5 − 0.5·cos(2πi/(N−1)))^0.85, or symmetric "hann" w[i] = 0.5 − 0.5·cos(2πi/(N−1));
 * 6. zero-pad to `fftSize` (512) and take the power spectrum |X[k]|² for k = 0..256 (unnormalised DFT);
 * 7. `numBins` (80) triangular filters, equally spaced on the HTK mel scale mel(f) = 1127·ln(1 + f/700) between
 *    `lowFreq` (20 Hz) and `highFreq` (Nyquist); each triangle rises linearly in mel from its left edge to 1 at
 *    its centre and falls to 0 at its right edge (no area normalisation);
 * 8. natural log of max(energy, `logFloor`) with logFloor = FLT_EPSILON = 1.1920929e-7 (Kaldi's floor).
 */
export interface LogMelOptions {
  sampleRate?: number;
  numBins?: number;
  frameLengthMs?: number;
  frameShiftMs?: number;
  fftSize?: number;
  window?: 'povey' | 'hann';
  preemphasis?: number;
  removeDcOffset?: boolean;
  dither?: number;
  ditherSeed?: number;
  lowFreq?: number;
  /** Upper edge of the last filter in Hz; 0 or negative means Nyquist plus this value (Kaldi convention). */
  highFreq?: number;
  logFloor?: number;
}

export type ResolvedLogMelOptions = Required<LogMelOptions>;

export interface LogMel {
  /** frames × bins, row-major. */
  data: Float32Array;
  frames: number;
  bins: number;
}

export const LOGMEL_DEFAULTS: ResolvedLogMelOptions = {
  sampleRate: 16000,
  numBins: 80,
  frameLengthMs: 25,
  frameShiftMs: 10,
  fftSize: 512,
  window: 'povey',
  preemphasis: 0.97,
  removeDcOffset: true,
  dither: 0,
  ditherSeed: 0,
  lowFreq: 20,
  highFreq: 0,
  logFloor: 1.1920929e-7,
};

export function resolveLogMelOptions(opts: LogMelOptions = {}): ResolvedLogMelOptions {
  return { ...LOGMEL_DEFAULTS, ...opts };
}

export const htkMel = (hz: number): number => 1127 * Math.log(1 + hz / 700);

/** Frame count under the snip-edges convention. */
export function frameCount(numSamples: number, frameLength: number, frameShift: number): number {
  return numSamples < frameLength ? 0 : 1 + Math.floor((numSamples - frameLength) / frameShift);
}

/**
 * The triangular filters, stored by FFT bin: adjacent triangles share edges, so each bin k in [lo, hi) feeds at
 * most two filters, filterA[k] with weightA[k] and filterB[k] with weightB[k]. A missing second filter is the
 * spare accumulator `numBins` with weight 0.
 */
interface MelFilters {
  lo: number;
  hi: number;
  filterA: Int32Array;
  weightA: Float64Array;
  filterB: Int32Array;
  weightB: Float64Array;
}

function melFilters(o: ResolvedLogMelOptions): MelFilters {
  const nyquist = o.sampleRate / 2;
  const high = o.highFreq > 0 ? o.highFreq : nyquist + o.highFreq;
  if (!(o.lowFreq >= 0 && o.lowFreq < high && high <= nyquist)) {
    throw new RangeError(`logMel: need 0 ≤ lowFreq < highFreq ≤ ${nyquist} Hz, got ${o.lowFreq}–${high}`);
  }
  const melLow = htkMel(o.lowFreq);
  const melStep = (htkMel(high) - melLow) / (o.numBins + 1);
  const count = o.fftSize / 2 + 1;
  const filters: MelFilters = {
    lo: count,
    hi: 0,
    filterA: new Int32Array(count).fill(o.numBins),
    weightA: new Float64Array(count),
    filterB: new Int32Array(count).fill(o.numBins),
    weightB: new Float64Array(count),
  };
  const binMel = Array.from({ length: count }, (_, k) => htkMel((k * o.sampleRate) / o.fftSize));
  const used = new Uint8Array(count);
  // Bins strictly inside (left, right) of each filter; mel grows with k and the filters move right with m.
  let start = 0;
  for (let m = 0; m < o.numBins; m++) {
    const left = melLow + m * melStep;
    const centre = left + melStep;
    const right = centre + melStep;
    while (start < count && binMel[start] <= left) start++;
    for (let k = start; k < count && binMel[k] < right; k++) {
      const mel = binMel[k];
      const weight = mel <= centre ? (mel - left) / (centre - left) : (right - mel) / (right - centre);
      if (used[k] === 2) throw new Error(`logMel: FFT bin ${k} falls in more than two mel filters`);
      const second = used[k]++ === 1;
      (second ? filters.filterB : filters.filterA)[k] = m;
      (second ? filters.weightB : filters.weightA)[k] = weight;
      filters.lo = Math.min(filters.lo, k);
      filters.hi = Math.max(filters.hi, k + 1);
    }
  }
  return filters;
}

function windowFunction(kind: 'povey' | 'hann', length: number): Float64Array {
  const w = new Float64Array(length);
  for (let i = 0; i < length; i++) {
    const hann = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (length - 1));
    w[i] = kind === 'povey' ? Math.pow(hann, 0.85) : hann;
  }
  return w;
}

/** Precomputed window, FFT, filterbank and work buffers for one option set; reuse it across utterances. */
export class LogMelExtractor {
  readonly options: ResolvedLogMelOptions;
  readonly frameLength: number;
  readonly frameShift: number;
  private readonly fft: RealFft;
  private readonly window: Float64Array;
  private readonly filters: MelFilters;
  /** One frame, then zero padding to the FFT size. */
  private readonly frame: Float64Array;
  /** Per filter, plus the spare accumulator for bins in one filter only. */
  private readonly energy: Float64Array;

  constructor(opts: LogMelOptions = {}) {
    const o = resolveLogMelOptions(opts);
    this.options = o;
    this.frameLength = Math.round((o.sampleRate * o.frameLengthMs) / 1000);
    this.frameShift = Math.round((o.sampleRate * o.frameShiftMs) / 1000);
    if (this.frameLength < 2 || this.frameShift < 1)
      throw new RangeError('logMel: frame length/shift too small');
    if (o.fftSize < this.frameLength) {
      throw new RangeError(
        `logMel: fftSize ${o.fftSize} is shorter than the ${this.frameLength}-sample frame`,
      );
    }
    if (!Number.isInteger(o.numBins) || o.numBins < 1)
      throw new RangeError(`logMel: bad numBins ${o.numBins}`);
    this.fft = new RealFft(o.fftSize);
    this.window = windowFunction(o.window, this.frameLength);
    this.filters = melFilters(o);
    this.frame = new Float64Array(o.fftSize);
    this.energy = new Float64Array(o.numBins + 1);
  }

  compute(samples: Float32Array): LogMel {
    const o = this.options;
    const len = this.frameLength;
    const frames = frameCount(samples.length, len, this.frameShift);
    const bins = o.numBins;
    const data = new Float32Array(frames * bins);
    const { frame, energy, window } = this;
    const { lo, hi, filterA, weightA, filterB, weightB } = this.filters;
    const p = o.preemphasis;
    const rng = o.dither > 0 ? mulberry32(o.ditherSeed) : null;
    for (let f = 0; f < frames; f++) {
      const start = f * this.frameShift;
      let sum = 0;
      for (let i = 0; i < len; i++) {
        const v = rng ? samples[start + i] + o.dither * gaussian(rng) : samples[start + i];
        frame[i] = v;
        sum += v;
      }
      const mean = o.removeDcOffset ? sum / len : 0;
      // Pre-emphasis of the DC-free frame (y[0] = x[0] − p·x[0]) and the window, in one backward pass.
      for (let i = len - 1; i > 0; i--) frame[i] = (frame[i] - mean - p * (frame[i - 1] - mean)) * window[i];
      frame[0] = (frame[0] - mean) * (1 - p) * window[0];
      const power = this.fft.powerSpectrum(frame);
      energy.fill(0);
      for (let k = lo; k < hi; k++) {
        energy[filterA[k]] += weightA[k] * power[k];
        energy[filterB[k]] += weightB[k] * power[k];
      }
      for (let m = 0; m < bins; m++) data[f * bins + m] = Math.log(Math.max(energy[m], o.logFloor));
    }
    return { data, frames, bins };
  }
}

/** Log-mel filterbank of mono samples in [-1, 1] at `opts.sampleRate` (16 kHz); see LogMelOptions for the recipe. */
export function logMel(samples: Float32Array, opts: LogMelOptions = {}): LogMel {
  return new LogMelExtractor(opts).compute(samples);
}
