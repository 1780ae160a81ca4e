/**
 * Band-limited sample-rate conversion with a Kaiser-windowed sinc, evaluated polyphase for rational ratios.
 *
 * Design (rates in Hz, B = min(inRate, outRate), i.e. the narrower of the two bands):
 * - low-pass cutoff (−6 dB point) at 0.46·B, passband flat to 0.42·B, stopband from 0.5·B (the new Nyquist
 *   when downsampling, the old one when upsampling), so nothing above the output Nyquist can alias into it;
 * - Kaiser window sized for ≈90 dB stopband attenuation (β = 0.1102·(A − 8.7)), half-length ≈36 zero
 *   crossings of the cutoff sinc;
 * - output sample k sits at input position k·inRate/outRate; with the ratio reduced to L/M, that position has
 *   one of L fractional phases, whose taps are precomputed once per rate pair (float32, rows padded with zero
 *   taps to a multiple of 8) and applied by a WebAssembly SIMD kernel (./polyphase-kernel) in float32; for
 *   L > 4096 (odd rates like 44101 Hz) they are computed per output sample in double precision instead: slower;
 * - samples outside the input are zeros; the output has exactly round(n·outRate/inRate) samples.
 */
import { PolyphaseKernel } from './polyphase-kernel';

const STOPBAND_DB = 90;
const CUTOFF = 0.46;
const TRANSITION = 0.08;
const MAX_PHASES = 4096;
/** Outputs per kernel call: bounds the kernel's memory whatever the file length. */
const CHUNK = 16384;
/** Tap tables kept for reuse (a table costs phases × taps Bessel evaluations to build). */
const TABLE_CACHE_SIZE = 8;

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** Modified Bessel function of the first kind, order 0 (power series; converges fast for the β used here). */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  const q = (x * x) / 4;
  for (let k = 1; k < 200; k++) {
    term *= q / (k * k);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum;
}

interface KernelDesign {
  /** Taps apply to x[base + j] for j in [-half, half]. */
  half: number;
  /** Cutoff in cycles per input sample. */
  fc: number;
  beta: number;
  i0Beta: number;
}

function design(inRate: number, outRate: number): KernelDesign {
  const bandRatio = Math.min(inRate, outRate) / inRate; // B in cycles per input sample
  const deltaOmega = 2 * Math.PI * TRANSITION * bandRatio;
  const beta = 0.1102 * (STOPBAND_DB - 8.7);
  return {
    half: Math.ceil((STOPBAND_DB - 7.95) / (2.285 * deltaOmega) / 2),
    fc: CUTOFF * bandRatio,
    beta,
    i0Beta: besselI0(beta),
  };
}

/** Writes the 2·half + 1 taps for an output at fractional position `frac` ∈ [0, 1) past an input sample. */
function fillTaps(d: KernelDesign, frac: number, dst: Float64Array, at: number): void {
  for (let j = -d.half; j <= d.half; j++) {
    const t = frac - j; // distance from the output position to input sample base + j
    const r = t / (d.half + 1);
    const x = 2 * d.fc * t;
    const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
    dst[at + j + d.half] =
      Math.abs(r) >= 1 ? 0 : 2 * d.fc * sinc * (besselI0(d.beta * Math.sqrt(1 - r * r)) / d.i0Beta);
  }
}

/** Exact output length, round(n·outRate/inRate) with halves rounded up, in integer arithmetic. */
export function resampledLength(n: number, inRate: number, outRate: number): number {
  const g = gcd(inRate, outRate);
  const up = outRate / g;
  const down = inRate / g;
  return Math.floor((2 * n * up + down) / (2 * down));
}

/** One rate pair's taps: `phases` rows of `width` float32 taps (2·half + 1 real ones, then zeros). */
interface TapTable {
  half: number;
  width: number;
  taps: Float32Array;
}

const tables = new Map<string, TapTable>();

function tapTable(inRate: number, outRate: number, up: number): TapTable {
  const key = `${inRate}/${outRate}`;
  const cached = tables.get(key);
  if (cached) return cached;
  const d = design(inRate, outRate);
  const width = (2 * d.half + 1 + 7) & ~7;
  const row = new Float64Array(2 * d.half + 1);
  const taps = new Float32Array(up * width);
  for (let p = 0; p < up; p++) {
    fillTaps(d, p / up, row, 0);
    taps.set(row, p * width);
  }
  const table = { half: d.half, width, taps };
  if (tables.size >= TABLE_CACHE_SIZE) tables.delete(tables.keys().next().value as string);
  tables.set(key, table);
  return table;
}

let kernel: PolyphaseKernel | null = null;

/** Tabled path: the SIMD kernel over chunks of outputs, each with its stretch of (zero-padded) input. */
function resampleTabled(
  samples: Float32Array,
  out: Float32Array,
  table: TapTable,
  up: number,
  down: number,
): void {
  kernel ??= new PolyphaseKernel();
  const { half, width, taps } = table;
  const n = samples.length;
  const stepBase = Math.floor(down / up);
  const stepPhase = down - stepBase * up;
  for (let k0 = 0; k0 < out.length; k0 += CHUNK) {
    const count = Math.min(CHUNK, out.length - k0);
    const base0 = Math.floor((k0 * down) / up);
    const phase0 = k0 * down - base0 * up;
    const span = Math.floor(((k0 + count - 1) * down) / up) - base0 + width;
    const heap = kernel.heap(taps.length + span + count);
    const x = taps.length;
    const y = x + span;
    heap.set(taps, 0);
    // heap[x + i] = samples[base0 − half + i], zero outside the input.
    const first = base0 - half;
    const lo = Math.max(0, -first);
    const hi = Math.max(lo, Math.min(span, n - first));
    heap.fill(0, x, x + lo);
    heap.set(samples.subarray(first + lo, first + hi), x + lo);
    heap.fill(0, x + hi, x + span);
    kernel.run(x, 0, y, count, 0, phase0, stepBase, stepPhase, up, width);
    out.set(heap.subarray(y, y + count), k0);
  }
}

/** Untabled path (huge L): each output's taps computed on the spot, in double precision. */
function resampleDirect(
  samples: Float32Array,
  out: Float32Array,
  d: KernelDesign,
  up: number,
  down: number,
): void {
  const { half } = d;
  const n = samples.length;
  const taps = new Float64Array(2 * half + 1);
  for (let k = 0; k < out.length; k++) {
    const pos = k * down;
    const base = Math.floor(pos / up);
    fillTaps(d, (pos - base * up) / up, taps, 0);
    const lo = Math.max(-half, -base);
    const hi = Math.min(half, n - 1 - base);
    let acc = 0;
    for (let j = lo; j <= hi; j++) acc += samples[base + j] * taps[half + j];
    out[k] = acc;
  }
}

/** Resamples mono audio from `inRate` to `outRate` (positive integers, Hz). Returns the input itself when equal. */
export function resample(samples: Float32Array, inRate: number, outRate: number): Float32Array {
  if (!Number.isInteger(inRate) || !Number.isInteger(outRate) || inRate <= 0 || outRate <= 0) {
    throw new RangeError(`resample: rates must be positive integers, got ${inRate} → ${outRate}`);
  }
  if (inRate === outRate) return samples;
  const g = gcd(inRate, outRate);
  const up = outRate / g;
  const down = inRate / g;
  const out = new Float32Array(resampledLength(samples.length, inRate, outRate));
  if (up <= MAX_PHASES) resampleTabled(samples, out, tapTable(inRate, outRate, up), up, down);
  else resampleDirect(samples, out, design(inRate, outRate), up, down);
  return out;
}
