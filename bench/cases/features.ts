/**
 * Features × real time over a generated set of 16-bit WAV files at several rates, three ways:
 * - cold cache (the headline, xRealTime / cpuXRealTime): what a training or evaluation job does for audio it has
 *   not seen, through getOrComputeFeatures (read + sha256 of the file, decode → mono → resample to 16 kHz →
 *   80-dim log-mel, cache file written), one file after the other on one core, into an empty cache each pass;
 * - extract (extract…): decode + resample + log-mel alone (src/engine/features extractFeatures), also per input rate;
 * - warm cache (warmCache…): the same files again with every feature file already cached.
 * The import job itself only probes the audio for its duration; features are computed on first use by training
 * and evaluation (src/jobs/recipes/features.ts).
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
  const { encodeWav16 } = await import('../../src/engine/audio/wav');
  const { extractFeatures, getOrComputeFeatures } = await import('../../src/engine/features');
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
    const cpuMs = (): number => {
      const { user, system } = process.cpuUsage();
      return (user + system) / 1000;
    };
    let audioSeconds = 0;
    let frames = 0;
    const perRateCpuMs = new Map<number, number>(RATES.map((r) => [r, 0]));
    const extractPass = async (): Promise<void> => {
      audioSeconds = 0;
      frames = 0;
      for (const [i, path] of paths.entries()) {
        const start = cpuMs();
        const features = await extractFeatures(path);
        const rate = RATES[i % RATES.length];
        perRateCpuMs.set(rate, (perRateCpuMs.get(rate) ?? 0) + cpuMs() - start);
        audioSeconds += features.audioDurationSec;
        frames += features.frames;
      }
    };
    let cacheDir = '';
    let passes = 0;
    const cachePass = async (): Promise<number> => {
      let hits = 0;
      for (const path of paths) hits += (await getOrComputeFeatures(cacheDir, path)).hit ? 1 : 0;
      return hits;
    };
    const coldPass = async (): Promise<void> => {
      cacheDir = join(dir, `cache-${passes++}`);
      if ((await cachePass()) !== 0) throw new Error('features bench: a cold pass hit the cache');
    };
    const warmPass = async (): Promise<void> => {
      if ((await cachePass()) !== paths.length)
        throw new Error('features bench: a warm pass missed the cache');
    };
    const steps = quick ? 2 : 5;
    const cold = await timeSteps(coldPass, 1, steps);
    const warm = await timeSteps(warmPass, 0, steps);
    const extract = await timeSteps(extractPass, 0, steps);
    const x = (ms: number): number => audioSeconds / (ms / 1000);
    const secondsPerRate = (steps * files * seconds) / RATES.length;
    return {
      name,
      status: 'ok',
      primary: { metric: 'xRealTime', value: x(cold.msPerStep), unit: '× real time' },
      metrics: {
        xRealTime: x(cold.msPerStep),
        cpuXRealTime: x(cold.cpuMsPerStep),
        msPerPass: cold.msPerStep,
        cpuMsPerStep: cold.cpuMsPerStep,
        extractXRealTime: x(extract.msPerStep),
        extractCpuXRealTime: x(extract.cpuMsPerStep),
        warmCacheXRealTime: x(warm.msPerStep),
        warmCacheCpuXRealTime: x(warm.cpuMsPerStep),
        ...Object.fromEntries(
          RATES.map((rate) => [
            `extractCpuXRealTime${rate}`,
            secondsPerRate / ((perRateCpuMs.get(rate) ?? 0) / 1000),
          ]),
        ),
        audioSeconds,
        frames,
      },
      details: {
        files,
        secondsPerFile: seconds,
        rates: RATES,
        coldSamples: cold.samples,
        warmSamples: warm.samples,
        extractSamples: extract.samples,
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
