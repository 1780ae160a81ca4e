import { describe, expect, it } from 'vitest';
import { Fft, mulberry32, RealFft } from '../../../src/engine/features';

/** O(N²) DFT straight from the definition: the oracle. */
function dft(re: Float64Array, im: Float64Array): { re: Float64Array; im: Float64Array } {
  const n = re.length;
  const outRe = new Float64Array(n);
  const outIm = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    for (let t = 0; t < n; t++) {
      const a = (-2 * Math.PI * k * t) / n;
      outRe[k] += re[t] * Math.cos(a) - im[t] * Math.sin(a);
      outIm[k] += re[t] * Math.sin(a) + im[t] * Math.cos(a);
    }
  }
  return { re: outRe, im: outIm };
}

describe('complex FFT', () => {
  for (const size of [2, 4, 8, 16, 32, 64, 256, 512]) {
    it(`matches the direct DFT for N = ${size}`, () => {
      const rng = mulberry32(size);
      const re = Float64Array.from({ length: size }, () => rng() * 2 - 1);
      const im = Float64Array.from({ length: size }, () => rng() * 2 - 1);
      const expected = dft(re, im);
      new Fft(size).transform(re, im);
      for (let k = 0; k < size; k++) {
        expect(re[k]).toBeCloseTo(expected.re[k], 9);
        expect(im[k]).toBeCloseTo(expected.im[k], 9);
      }
    });
  }

  it('rejects sizes that are not powers of two', () => {
    expect(() => new Fft(400)).toThrow(/power of two/);
    expect(() => new Fft(1)).toThrow(/power of two/);
  });
});

describe('real FFT power spectrum (half-size complex FFT)', () => {
  for (const size of [4, 8, 16, 64, 512, 1024]) {
    it(`matches |DFT|² of a real signal for N = ${size}`, () => {
      const rng = mulberry32(size + 1);
      const x = Float64Array.from({ length: size }, () => rng() * 2 - 1);
      const expected = dft(x, new Float64Array(size));
      const power = new RealFft(size).powerSpectrum(x);
      expect(power.length).toBe(size / 2 + 1);
      for (let k = 0; k <= size / 2; k++) {
        expect(power[k]).toBeCloseTo(expected.re[k] ** 2 + expected.im[k] ** 2, 9);
      }
    });
  }

  it('rejects sizes below 4 or not powers of two', () => {
    expect(() => new RealFft(2)).toThrow(/power of two ≥ 4/);
    expect(() => new RealFft(400)).toThrow(/power of two ≥ 4/);
  });
});
