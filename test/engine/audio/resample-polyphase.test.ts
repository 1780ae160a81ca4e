import { describe, expect, it } from 'vitest';
import { resample } from '../../../src/engine/audio';
import { mulberry32 } from '../../../src/engine/features';

/** I0 by its power series, summed to convergence. */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  for (let k = 1; term > 1e-18 * sum; k++) {
    term *= (x * x) / (4 * k * k);
    sum += term;
  }
  return sum;
}

/**
 * The documented filter evaluated straight from its formula, one output at a time, in double precision. Output k
 * sits at input position k·in/out = base + frac (base an integer, 0 ≤ frac < 1) and takes the 2·half + 1 inputs
 * x[base − half … base + half]: y[k] = Σ_i x[i] · 2fc · sinc(2fc·t) · I0(β√(1 − (t/(half+1))²)) / I0(β), t = base + frac − i,
 * with B = min(in, out) in cycles per input sample, fc = 0.46·B, Kaiser β for 90 dB, half-length for a 0.08·B transition.
 */
function directSinc(x: Float32Array, inRate: number, outRate: number, k: number): number {
  const band = Math.min(inRate, outRate) / inRate;
  const fc = 0.46 * band;
  const beta = 0.1102 * (90 - 8.7);
  const half = Math.ceil((90 - 7.95) / (2.285 * 2 * Math.PI * 0.08 * band) / 2);
  const base = Math.floor((k * inRate) / outRate);
  const frac = (k * inRate - base * outRate) / outRate;
  let acc = 0;
  for (let i = Math.max(0, base - half); i <= Math.min(x.length - 1, base + half); i++) {
    const t = base - i + frac;
    const r = t / (half + 1);
    const arg = Math.PI * 2 * fc * t;
    const sinc = arg === 0 ? 1 : Math.sin(arg) / arg;
    acc += x[i] * 2 * fc * sinc * (besselI0(beta * Math.sqrt(1 - r * r)) / besselI0(beta));
  }
  return acc;
}

function randomSignal(n: number, seed: number): Float32Array {
  const rng = mulberry32(seed);
  return Float32Array.from({ length: n }, () => rng() * 2 - 1);
}

/** Output indices to check: both ends, a stride through the middle, and around the kernel's 16384-output chunks. */
function probes(length: number): number[] {
  const picks = new Set<number>();
  for (let k = 0; k < Math.min(length, 300); k++) picks.add(k);
  for (let k = Math.max(0, length - 300); k < length; k++) picks.add(k);
  for (let k = 0; k < length; k += 97) picks.add(k);
  for (const edge of [16384, 32768]) for (let k = edge - 3; k <= edge + 3; k++) if (k < length) picks.add(k);
  return [...picks];
}

describe('polyphase resampler against the direct sinc formula', () => {
  // Pairs with few phases run the float32 SIMD table; more than 4096 phases (44101 Hz) the per-output double
  // path, whose only error is the float32 output.
  const pairs: [number, number, number][] = [
    [48000, 16000, 1e-6],
    [44100, 16000, 1e-6],
    [22050, 16000, 1e-6],
    [32000, 16000, 1e-6],
    [8000, 16000, 1e-6],
    [11025, 16000, 1e-6],
    [14400, 16000, 1e-6],
    [17600, 16000, 1e-6],
    [16000, 44100, 1e-6],
    [44101, 16000, 1e-7],
  ];
  for (const [inRate, outRate, tolerance] of pairs) {
    it(`${inRate} → ${outRate} Hz on white noise agrees within ${tolerance}`, () => {
      // Long enough for more than two kernel chunks of output (the slow per-output path gets a short one).
      const outputs = tolerance < 1e-6 ? 3000 : 34000;
      const x = randomSignal(Math.ceil((outputs * inRate) / outRate), inRate + outRate);
      const y = resample(x, inRate, outRate);
      let worst = 0;
      for (const k of probes(y.length))
        worst = Math.max(worst, Math.abs(y[k] - directSinc(x, inRate, outRate, k)));
      expect(worst).toBeLessThan(tolerance);
    });
  }

  it('gives the same result for the same input whichever rate pairs ran before (tap tables are reused)', () => {
    const x = randomSignal(5000, 3);
    const first = resample(x, 44100, 16000);
    for (let rate = 8000; rate <= 96000; rate += 8000) resample(x, rate, 16000);
    expect(resample(x, 44100, 16000)).toEqual(first);
  });
});
