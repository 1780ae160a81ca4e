import { describe, expect, it } from 'vitest';
import { resample, resampledLength } from '../../../src/engine/audio';

function tone(freq: number, rate: number, seconds: number, amplitude = 0.5): Float32Array {
  const n = Math.round(rate * seconds);
  return Float32Array.from({ length: n }, (_, i) => amplitude * Math.sin((2 * Math.PI * freq * i) / rate));
}

/** Interior of a signal, away from the zero-padded edges where the filter sees a step. */
function interior(x: Float32Array, margin: number): Float32Array {
  return x.subarray(margin, x.length - margin);
}

function rms(x: Float32Array): number {
  let s = 0;
  for (const v of x) s += v * v;
  return Math.sqrt(s / x.length);
}

const db = (ratio: number) => 20 * Math.log10(ratio);

/**
 * Least-squares fit of a·sin + b·cos at `freq` over a window starting at sample `start` of the full signal;
 * returns the fitted amplitude and the RMS of what is left (anything not at exactly that frequency).
 */
function fitTone(
  x: Float32Array,
  start: number,
  freq: number,
  rate: number,
): { amplitude: number; residualRms: number } {
  let ss = 0;
  let cc = 0;
  let sc = 0;
  let xs = 0;
  let xc = 0;
  for (let i = 0; i < x.length; i++) {
    const ph = (2 * Math.PI * freq * (start + i)) / rate;
    const s = Math.sin(ph);
    const c = Math.cos(ph);
    ss += s * s;
    cc += c * c;
    sc += s * c;
    xs += x[i] * s;
    xc += x[i] * c;
  }
  const det = ss * cc - sc * sc;
  const a = (xs * cc - xc * sc) / det;
  const b = (xc * ss - xs * sc) / det;
  let res = 0;
  for (let i = 0; i < x.length; i++) {
    const ph = (2 * Math.PI * freq * (start + i)) / rate;
    const r = x[i] - a * Math.sin(ph) - b * Math.cos(ph);
    res += r * r;
  }
  return { amplitude: Math.hypot(a, b), residualRms: Math.sqrt(res / x.length) };
}

describe('band-limited resampler', () => {
  it('attenuates a 12 kHz tone by more than 60 dB when going 48 kHz → 16 kHz', () => {
    const input = tone(12000, 48000, 0.5);
    const out = resample(input, 48000, 16000);
    expect(db(rms(interior(out, 400)) / rms(input))).toBeLessThan(-60);
  });

  it('suppresses a whole sweep above the new Nyquist by 90 dB (8.5 kHz to 1 kHz below the old Nyquist)', () => {
    for (const inRate of [48000, 44100, 22050]) {
      const seconds = 1;
      const n = inRate * seconds;
      const f0 = 8500;
      const f1 = inRate / 2 - 1000;
      // Linear chirp: instantaneous frequency goes from f0 to f1.
      const sweep = Float32Array.from({ length: n }, (_, i) => {
        const t = i / inRate;
        return 0.5 * Math.sin(2 * Math.PI * (f0 * t + ((f1 - f0) * t * t) / (2 * seconds)));
      });
      const out = resample(sweep, inRate, 16000);
      expect(db(rms(interior(out, 400)) / rms(sweep))).toBeLessThan(-90);
    }
  });

  const inBand: [number, number, number][] = [
    [48000, 16000, 100],
    [48000, 16000, 1000],
    [48000, 16000, 6000],
    [44100, 16000, 440],
    [44100, 16000, 3000],
    [44100, 16000, 6500],
    [8000, 16000, 300],
    [8000, 16000, 3000],
    [22050, 16000, 5000],
  ];
  for (const [inRate, outRate, freq] of inBand) {
    it(`keeps a ${freq} Hz tone's amplitude (±0.1 dB) and frequency at ${inRate} → ${outRate} Hz`, () => {
      const out = resample(tone(freq, inRate, 0.5, 0.5), inRate, outRate);
      const margin = 400;
      const fit = fitTone(interior(out, margin), margin, freq, outRate);
      expect(Math.abs(db(fit.amplitude / 0.5))).toBeLessThan(0.1);
      // Residual after removing the exact-frequency sinusoid: no images, no aliases, no frequency shift.
      expect(db(fit.residualRms / (0.5 / Math.SQRT2))).toBeLessThan(-60);
    });
  }

  it('produces exactly round(n·out/in) samples', () => {
    for (const [inRate, outRate] of [
      [44100, 16000],
      [48000, 16000],
      [8000, 16000],
      [22050, 16000],
      [16000, 14400],
    ]) {
      for (const n of [0, 1, 2, 3, 7, 441, 1000, 4410, 12345]) {
        const expected = Math.round((n * outRate) / inRate);
        expect(resampledLength(n, inRate, outRate)).toBe(expected);
        expect(resample(new Float32Array(n), inRate, outRate).length).toBe(expected);
      }
    }
  });

  it('is deterministic and passes DC with unit gain', () => {
    const x = Float32Array.from(
      { length: 9000 },
      (_, i) => 0.25 + 0.1 * Math.sin(i * 0.37) * Math.cos(i * 0.011),
    );
    const a = resample(x, 44100, 16000);
    expect(resample(x, 44100, 16000)).toEqual(a);
    const dc = resample(new Float32Array(9000).fill(0.5), 44100, 16000);
    for (const v of interior(dc, 200)) expect(Math.abs(v - 0.5)).toBeLessThan(1e-4);
  });

  it('returns the input untouched when the rates match, and rejects bad rates', () => {
    const x = new Float32Array([1, 2, 3]);
    expect(resample(x, 16000, 16000)).toBe(x);
    expect(() => resample(x, 0, 16000)).toThrow(/positive integers/);
    expect(() => resample(x, 44100.5, 16000)).toThrow(/positive integers/);
  });
});
