import { SeededRandom } from '../../model/random';

/** Per-utterance acoustic variation: level, light reverberation and background noise. */
export interface Effects {
  /** Peak level after normalisation, (0, 1]. */
  peak: number;
  /** Two feedback comb filters mixed with the dry signal (a small room); null for dry. */
  reverb: { delayMs: number; feedback: number; mix: number } | null;
  /** White noise at this signal-to-noise ratio; null for none. */
  noiseSnrDb: number | null;
  /** Seed of the noise. */
  seed: number;
}

function comb(x: Float32Array, delay: number, feedback: number): Float32Array {
  const y = new Float32Array(x.length);
  for (let n = 0; n < x.length; n++) y[n] = x[n] + (n >= delay ? feedback * y[n - delay] : 0);
  return y;
}

/** Applies reverb, then peak normalisation, then noise (SNR relative to the normalised signal's RMS). */
export function applyEffects(samples: Float32Array, sampleRate: number, fx: Effects): Float32Array {
  const out = Float32Array.from(samples);
  if (fx.reverb) {
    const d = Math.max(1, Math.round((fx.reverb.delayMs / 1000) * sampleRate));
    const a = comb(samples, d, fx.reverb.feedback);
    const b = comb(samples, Math.round(d * 1.37), fx.reverb.feedback * 0.9);
    const { mix } = fx.reverb;
    for (let n = 0; n < out.length; n++) out[n] = (1 - mix) * samples[n] + mix * 0.5 * (a[n] + b[n]);
  }
  let peak = 0;
  for (const v of out) peak = Math.max(peak, Math.abs(v));
  if (peak > 0) for (let n = 0; n < out.length; n++) out[n] *= fx.peak / peak;
  if (fx.noiseSnrDb !== null && out.length > 0) {
    let energy = 0;
    for (const v of out) energy += v * v;
    const noiseRms = Math.sqrt(energy / out.length) / 10 ** (fx.noiseSnrDb / 20);
    const rng = new SeededRandom(fx.seed);
    for (let n = 0; n < out.length; n++) out[n] += noiseRms * rng.normal();
  }
  for (let n = 0; n < out.length; n++) out[n] = Math.max(-1, Math.min(1, out[n]));
  return out;
}

/** Random light effects: 60 % noisy (20–40 dB SNR), 35 % reverberant, peak 0.5–0.95. */
export function randomEffects(rng: SeededRandom): Effects {
  const peak = 0.5 + 0.45 * rng.next();
  const reverb =
    rng.next() < 0.35
      ? { delayMs: 25 + 35 * rng.next(), feedback: 0.15 + 0.25 * rng.next(), mix: 0.15 + 0.2 * rng.next() }
      : null;
  const noiseSnrDb = rng.next() < 0.6 ? 20 + 20 * rng.next() : null;
  return { peak, reverb, noiseSnrDb, seed: rng.int(2 ** 31) };
}
