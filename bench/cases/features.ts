/**
 * Import + features × real time: decode → mono → resample to 16 kHz → 80-dim log-mel
 * (src/engine/features extractFeatures) over a generated set of 16-bit WAV files at several rates.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { timeSteps } from '../measure';
import type { BenchResult } from '../protocol';

const RATES = [16000, 22050, 44100, 48000];

/** A deterministic speech-like test signal: a few drifting harmonics under an envelope, plus noise. */
function testSignal(seconds: number, rate: number, seed: number): Float32Array {
  const samples = new Float32Array(Math.round(seconds * rate));
  let state = seed;
  for (let i = 0; i < samples.length; i++) {
    const t = i / rate;
    const pitch = 120 + 40 * Math.sin(2 * Math.PI * 0.7 * t + seed);
    const envelope = 0.5 + 0.5 * Math.sin(2 * Math.PI * 3 * t);
    let value = 0;
    for (let h = 1; h <= 5; h++) value += Math.sin(2 * Math.PI * pitch * h * t) / h;
    state = (state * 1664525 + 1013904223) >>> 0;
    samples[i] = 0.2 * envelope * value + 0.02 * (state / 2 ** 32 - 0.5);
  }
  return samples;
}

export async function benchFeatures(name: string, quick: boolean): Promise<BenchResult> {
  const { encodeWav16 } = await import('../../src/engine/io/wav');
  const { extractFeatures } = await import('../../src/engine/features');
  const files = quick ? 8 : 24;
  const seconds = 10;
  const dir = mkdtempSync(join(tmpdir(), 'pathways-bench-features-'));
  try {
    const paths = Array.from({ length: files }, (_, i) => {
      const rate = RATES[i % RATES.length];
      const path = join(dir, `utt${i}-${rate}.wav`);
      writeFileSync(path, encodeWav16(testSignal(seconds, rate, i + 1), rate));
      return path;
    });
    let audioSeconds = 0;
    let frames = 0;
    const pass = async (): Promise<void> => {
      audioSeconds = 0;
      frames = 0;
      for (const path of paths) {
        const features = await extractFeatures(path);
        audioSeconds += features.audioDurationSec;
        frames += features.frames;
      }
    };
    const timing = await timeSteps(pass, 1, quick ? 2 : 5);
    const xRealTime = audioSeconds / (timing.msPerStep / 1000);
    return {
      name,
      status: 'ok',
      primary: { metric: 'xRealTime', value: xRealTime, unit: '× real time' },
      metrics: {
        xRealTime,
        cpuXRealTime: audioSeconds / (timing.cpuMsPerStep / 1000),
        msPerPass: timing.msPerStep,
        audioSeconds,
        frames,
      },
      details: { files, secondsPerFile: seconds, rates: RATES, samples: timing.samples },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
