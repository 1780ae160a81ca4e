import { describe, expect, it } from 'vitest';
import { mulberry32, specAugment, type LogMel } from '../../../src/engine/features';

function features(frames: number, bins = 80): LogMel {
  // Distinct, non-mean values everywhere so masked cells are recognisable.
  const data = Float32Array.from(
    { length: frames * bins },
    (_, i) => Math.sin(i * 0.7) * 3 + (i % bins) * 0.01,
  );
  return { data, frames, bins };
}

function mean(x: Float32Array): number {
  return x.reduce((s, v) => s + v, 0) / x.length;
}

describe('SpecAugment', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const f = features(300);
    const a = specAugment(f, mulberry32(42), { p: 1 });
    expect(specAugment(f, mulberry32(42), { p: 1 }).data).toEqual(a.data);
    expect(specAugment(f, mulberry32(43), { p: 1 }).data).not.toEqual(a.data);
    expect(a.frames).toBe(300);
    expect(a.bins).toBe(80);
  });

  it('leaves the input untouched and returns a copy when p = 0', () => {
    const f = features(100);
    const copy = f.data.slice();
    const out = specAugment(f, mulberry32(1), { p: 0 });
    expect(out.data).toEqual(copy);
    expect(out.data).not.toBe(f.data);
    specAugment(f, mulberry32(1), { p: 1 });
    expect(f.data).toEqual(copy);
  });

  it('masks whole frequency bands and whole frames with the mean, within the icefall limits', () => {
    const frames = 400;
    const bins = 80;
    for (let seed = 0; seed < 10; seed++) {
      const f = features(frames, bins);
      const m = Math.fround(mean(f.data));
      const out = specAugment(f, mulberry32(seed), { p: 1, timeWarpFactor: 0 });
      const masked = (t: number, b: number) => out.data[t * bins + b] === m;
      const maskedBins = new Set<number>();
      const maskedFrames = new Set<number>();
      for (let b = 0; b < bins; b++) {
        let all = true;
        for (let t = 0; t < frames && all; t++) all = masked(t, b);
        if (all) maskedBins.add(b);
      }
      for (let t = 0; t < frames; t++) {
        let all = true;
        for (let b = 0; b < bins && all; b++) all = masked(t, b);
        if (all) maskedFrames.add(t);
      }
      // 2 frequency masks of width < 27 each; time masks cover at most 15 % of 400 frames.
      expect(maskedBins.size).toBeLessThanOrEqual(2 * 26);
      expect(maskedFrames.size).toBeLessThanOrEqual(60);
      expect(maskedBins.size + maskedFrames.size).toBeGreaterThan(0);
      // Every cell outside the masked bands and frames is unchanged.
      let changedOutside = 0;
      for (let t = 0; t < frames; t++) {
        if (maskedFrames.has(t)) continue;
        for (let b = 0; b < bins; b++) {
          if (!maskedBins.has(b) && out.data[t * bins + b] !== f.data[t * bins + b]) changedOutside++;
        }
      }
      expect(changedOutside).toBe(0);
    }
  });

  it('time warp is a monotone re-timing that keeps the shape and both ends', () => {
    const frames = 300;
    const bins = 80;
    // Every cell holds its frame index, so after warping a cell holds the (fractional) source frame it came from.
    const ramp: LogMel = {
      data: Float32Array.from({ length: frames * bins }, (_, i) => Math.floor(i / bins)),
      frames,
      bins,
    };
    let warpedSomething = false;
    for (let seed = 0; seed < 10; seed++) {
      const out = specAugment(ramp, mulberry32(seed), {
        p: 1,
        numFeatureMasks: 0,
        numFrameMasks: 0,
        timeWarpFactor: 80,
      });
      expect(out.data.length).toBe(ramp.data.length);
      const source = Array.from({ length: frames }, (_, t) => out.data[t * bins]);
      let violations = 0;
      for (let t = 0; t < frames; t++) {
        for (let b = 1; b < bins; b++) if (out.data[t * bins + b] !== source[t]) violations++;
        if (t > 0 && source[t] < source[t - 1]) violations++;
      }
      expect(violations).toBe(0);
      expect(source[0]).toBeLessThan(1);
      expect(source[frames - 1]).toBeGreaterThan(frames - 2);
      warpedSomething ||= source.some((s, t) => Math.abs(s - t) > 1);
    }
    expect(warpedSomething).toBe(true);
    // Too short to warp (T ≤ 2W + 1): unchanged.
    const short = features(100);
    expect(specAugment(short, mulberry32(7), { p: 1, numFeatureMasks: 0, numFrameMasks: 0 }).data).toEqual(
      short.data,
    );
  });
});
