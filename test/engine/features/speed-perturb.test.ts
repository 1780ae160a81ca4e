import { describe, expect, it } from 'vitest';
import { SPEED_FACTORS, speedPerturb } from '../../../src/engine/features';

/** Frequency of the strongest component, found by scanning a direct DFT over a fine grid (the oracle). */
function dominantFrequency(x: Float32Array, rate: number, lo: number, hi: number): number {
  let best = lo;
  let bestPower = -1;
  for (let f = lo; f <= hi; f += 1) {
    let re = 0;
    let im = 0;
    for (let i = 0; i < x.length; i++) {
      re += x[i] * Math.cos((2 * Math.PI * f * i) / rate);
      im += x[i] * Math.sin((2 * Math.PI * f * i) / rate);
    }
    const p = re * re + im * im;
    if (p > bestPower) {
      bestPower = p;
      best = f;
    }
  }
  return best;
}

describe('speed perturbation', () => {
  const rate = 16000;
  const tone = Float32Array.from({ length: rate }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 1000 * i) / rate));

  it('changes the length to round(n / factor) and scales frequencies by the factor', () => {
    for (const factor of [0.9, 1.1]) {
      const out = speedPerturb(tone, factor);
      expect(out.length).toBe(Math.round(rate / factor));
      const f = dominantFrequency(out.subarray(500, 4500), rate, 850, 1150);
      expect(f).toBe(Math.round(1000 * factor));
    }
  });

  it('is the identity at 1.0 and offers the Kaldi/icefall factors', () => {
    expect(speedPerturb(tone, 1)).toBe(tone);
    expect(SPEED_FACTORS).toEqual([0.9, 1.0, 1.1]);
    expect(() => speedPerturb(tone, 0)).toThrow(/factor/);
  });
});
