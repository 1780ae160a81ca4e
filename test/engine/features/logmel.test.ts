import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { frameCount, logMel, LogMelExtractor, mulberry32 } from '../../../src/engine/features';

const hzToMel = (f: number) => 1127 * Math.log(1 + f / 700);

/**
 * Independent, naive recomputation of one frame's 80 log-mel energies straight from the documented recipe:
 * DC removal, pre-emphasis 0.97, window, zero-pad to 512, direct DFT (O(N²)), HTK triangles, log with floor.
 */
function oracleFrame(frame: ArrayLike<number>, window: 'povey' | 'hann', sampleRate = 16000): number[] {
  const n = frame.length;
  const x = Array.from(frame);
  const mean = x.reduce((s, v) => s + v, 0) / n;
  const dc = x.map((v) => v - mean);
  const pre = dc.map((v, i) => v - 0.97 * (i === 0 ? v : dc[i - 1]));
  const windowed = pre.map((v, i) => {
    const hann = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (n - 1));
    return v * (window === 'povey' ? hann ** 0.85 : hann);
  });
  const fftSize = 512;
  const power: number[] = [];
  for (let k = 0; k <= fftSize / 2; k++) {
    let re = 0;
    let im = 0;
    for (let t = 0; t < n; t++) {
      re += windowed[t] * Math.cos((2 * Math.PI * k * t) / fftSize);
      im -= windowed[t] * Math.sin((2 * Math.PI * k * t) / fftSize);
    }
    power.push(re * re + im * im);
  }
  const lowMel = hzToMel(20);
  const highMel = hzToMel(sampleRate / 2);
  const step = (highMel - lowMel) / 81;
  const out: number[] = [];
  for (let m = 0; m < 80; m++) {
    const [l, c, r] = [lowMel + m * step, lowMel + (m + 1) * step, lowMel + (m + 2) * step];
    let e = 0;
    for (let k = 0; k <= fftSize / 2; k++) {
      const mel = hzToMel((k * sampleRate) / fftSize);
      const w = mel > l && mel <= c ? (mel - l) / (c - l) : mel > c && mel < r ? (r - mel) / (r - c) : 0;
      e += w * power[k];
    }
    out.push(Math.log(Math.max(e, 1.1920929e-7)));
  }
  return out;
}

function noise(n: number, seed: number, amplitude = 0.3): Float32Array {
  const rng = mulberry32(seed);
  return Float32Array.from({ length: n }, () => amplitude * (rng() * 2 - 1));
}

describe('log-mel filterbank', () => {
  it('uses snip-edges framing: 1 + floor((n − 400) / 160) frames, none below 400 samples', () => {
    for (const [n, frames] of [
      [0, 0],
      [399, 0],
      [400, 1],
      [559, 1],
      [560, 2],
      [16000, 98],
    ]) {
      expect(frameCount(n, 400, 160)).toBe(frames);
      const out = logMel(new Float32Array(n));
      expect(out.frames).toBe(frames);
      expect(out.bins).toBe(80);
      expect(out.data.length).toBe(frames * 80);
    }
  });

  for (const window of ['povey', 'hann'] as const) {
    it(`matches a direct-DFT recomputation of each frame (${window} window)`, () => {
      const samples = noise(400 + 2 * 160, 7);
      const out = logMel(samples, { window });
      expect(out.frames).toBe(3);
      for (let f = 0; f < 3; f++) {
        const expected = oracleFrame(samples.subarray(f * 160, f * 160 + 400), window);
        for (let m = 0; m < 80; m++) expect(out.data[f * 80 + m]).toBeCloseTo(expected[m], 4);
      }
    });
  }

  it('puts a pure tone in the mel bin whose centre is nearest to it', () => {
    const lowMel = hzToMel(20);
    const step = (hzToMel(8000) - lowMel) / 81;
    for (const freq of [300, 1000, 2500, 5000]) {
      const samples = Float32Array.from(
        { length: 4000 },
        (_, i) => 0.5 * Math.sin((2 * Math.PI * freq * i) / 16000),
      );
      const out = logMel(samples);
      const row = Array.from(out.data.subarray(5 * 80, 6 * 80));
      const loudest = row.indexOf(Math.max(...row));
      const centres = Array.from({ length: 80 }, (_, m) => lowMel + (m + 1) * step);
      const nearest = centres.reduce(
        (best, c, m) => (Math.abs(c - hzToMel(freq)) < Math.abs(centres[best] - hzToMel(freq)) ? m : best),
        0,
      );
      expect(loudest).toBe(nearest);
    }
  });

  it('floors the log of silence at ln(FLT_EPSILON) and is deterministic without dither', () => {
    const silent = logMel(new Float32Array(800));
    for (const v of silent.data) expect(v).toBeCloseTo(Math.log(1.1920929e-7), 5);
    const x = noise(4000, 3);
    expect(logMel(x).data).toEqual(logMel(x).data);
  });

  it('gives the same features from a reused extractor as from a fresh one (work buffers carry nothing over)', () => {
    const extractor = new LogMelExtractor();
    const loud = noise(4000, 11, 0.9);
    const quiet = noise(2400, 12, 0.001);
    extractor.compute(loud);
    expect(extractor.compute(quiet).data).toEqual(new LogMelExtractor().compute(quiet).data);
    expect(extractor.compute(loud).data).toEqual(logMel(loud).data);
  });

  it('applies dither only when asked, reproducibly for a seed', () => {
    const x = noise(2000, 5, 0.01);
    const a = logMel(x, { dither: 1e-3, ditherSeed: 1 });
    expect(logMel(x, { dither: 1e-3, ditherSeed: 1 }).data).toEqual(a.data);
    expect(logMel(x, { dither: 1e-3, ditherSeed: 2 }).data).not.toEqual(a.data);
    expect(logMel(x).data).not.toEqual(a.data);
  });

  it('rejects an FFT shorter than the frame and an impossible band', () => {
    expect(() => logMel(new Float32Array(1000), { fftSize: 256 })).toThrow(/fftSize 256/);
    expect(() => logMel(new Float32Array(1000), { lowFreq: 9000 })).toThrow(/lowFreq/);
  });

  const python = '/usr/bin/python3';
  const hasTorchaudio = spawnSync(python, ['-c', 'import torchaudio'], { stdio: 'ignore' }).status === 0;
  it.skipIf(!hasTorchaudio)('agrees with torchaudio.compliance.kaldi.fbank (if installed)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pw-fbank-'));
    try {
      const samples = Float32Array.from(
        { length: 8000 },
        (_, i) => 0.4 * Math.sin(i * 0.05) + 0.2 * Math.sin(i * 0.9) + 0.05 * Math.sin(i * i * 1e-4),
      );
      writeFileSync(join(dir, 'x.f32'), samples);
      const script = [
        'import sys, numpy, torch, torchaudio',
        `x = torch.from_numpy(numpy.fromfile("${join(dir, 'x.f32')}", dtype=numpy.float32)).unsqueeze(0)`,
        'f = torchaudio.compliance.kaldi.fbank(x, num_mel_bins=80, dither=0.0, sample_frequency=16000, window_type="povey")',
        `f.numpy().astype(numpy.float32).tofile("${join(dir, 'ref.f32')}")`,
      ].join('\n');
      const res = spawnSync(python, ['-c', script], { encoding: 'utf8' });
      expect(res.status, res.stderr).toBe(0);
      // readFileSync's Buffer may be a view into a larger ArrayBuffer: copy exactly its bytes.
      const bytes = readFileSync(join(dir, 'ref.f32'));
      const ref = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
      const ours = logMel(samples);
      expect(ours.data.length).toBe(ref.length);
      // torchaudio works in float32: in bins ~20 nats below the loudest, its rounding noise shows in the log.
      const peak = Math.max(...ref);
      let worstLoud = 0;
      let worstAll = 0;
      for (let i = 0; i < ref.length; i++) {
        const diff = Math.abs(ref[i] - ours.data[i]);
        worstAll = Math.max(worstAll, diff);
        if (ref[i] > peak - 15) worstLoud = Math.max(worstLoud, diff);
      }
      expect(worstLoud).toBeLessThan(3e-4);
      expect(worstAll).toBeLessThan(5e-3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
