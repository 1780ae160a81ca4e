/** Test-only WAV writer, independent of the decoder under test, for fixtures of every PCM layout. */
export type WavSampleFormat = 'pcm8' | 'pcm16' | 'pcm24' | 'pcm32' | 'float32' | 'float64';

export interface WavSpec {
  sampleRate: number;
  /** One array per channel, values in [-1, 1]. */
  channels: Float64Array[];
  format: WavSampleFormat;
  /** Write a WAVE_FORMAT_EXTENSIBLE fmt chunk. */
  extensible?: boolean;
  /** Extra chunks written before the data chunk (odd sizes get the RIFF pad byte). */
  extraChunks?: { id: string; body: Uint8Array }[];
}

const BITS: Record<WavSampleFormat, number> = {
  pcm8: 8,
  pcm16: 16,
  pcm24: 24,
  pcm32: 32,
  float32: 32,
  float64: 64,
};

/** The integer code a sample is stored as (what a correct decoder must map back). */
export function quantize(x: number, format: WavSampleFormat): number {
  const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
  switch (format) {
    case 'pcm8':
      return clamp(Math.round(x * 128), -128, 127);
    case 'pcm16':
      return clamp(Math.round(x * 32768), -32768, 32767);
    case 'pcm24':
      return clamp(Math.round(x * 8388608), -8388608, 8388607);
    case 'pcm32':
      return clamp(Math.round(x * 2147483648), -2147483648, 2147483647);
    default:
      return x;
  }
}

/** The float a decoder should return for sample x stored as `format`. */
export function storedValue(x: number, format: WavSampleFormat): number {
  const full = { pcm8: 128, pcm16: 32768, pcm24: 8388608, pcm32: 2147483648 } as Record<string, number>;
  if (format === 'float32') return Math.fround(x);
  if (format === 'float64') return x;
  return quantize(x, format) / full[format];
}

function chunk(id: string, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + body.length + (body.length & 1));
  for (let i = 0; i < 4; i++) out[i] = id.charCodeAt(i);
  new DataView(out.buffer).setUint32(4, body.length, true);
  out.set(body, 8);
  return out;
}

export function encodeWav(spec: WavSpec): Uint8Array {
  const bits = BITS[spec.format];
  const isFloat = spec.format.startsWith('float');
  const nch = spec.channels.length;
  const frames = spec.channels[0].length;
  const bps = bits / 8;
  const fmt = new Uint8Array(spec.extensible ? 40 : 16);
  const f = new DataView(fmt.buffer);
  const tag = isFloat ? 3 : 1;
  f.setUint16(0, spec.extensible ? 0xfffe : tag, true);
  f.setUint16(2, nch, true);
  f.setUint32(4, spec.sampleRate, true);
  f.setUint32(8, spec.sampleRate * nch * bps, true);
  f.setUint16(12, nch * bps, true);
  f.setUint16(14, bits, true);
  if (spec.extensible) {
    f.setUint16(16, 22, true);
    f.setUint16(18, bits, true);
    f.setUint32(20, nch === 2 ? 3 : 4, true);
    // SubFormat GUID: tag + 0000-0010-8000-00aa00389b71
    const guidTail = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];
    f.setUint16(24, tag, true);
    fmt.set(guidTail, 26);
  }
  const data = new Uint8Array(frames * nch * bps);
  const d = new DataView(data.buffer);
  for (let i = 0; i < frames; i++) {
    for (let c = 0; c < nch; c++) {
      const at = (i * nch + c) * bps;
      const x = spec.channels[c][i];
      const q = quantize(x, spec.format);
      switch (spec.format) {
        case 'pcm8':
          d.setUint8(at, q + 128);
          break;
        case 'pcm16':
          d.setInt16(at, q, true);
          break;
        case 'pcm24':
          d.setUint8(at, q & 0xff);
          d.setUint8(at + 1, (q >> 8) & 0xff);
          d.setUint8(at + 2, (q >> 16) & 0xff);
          break;
        case 'pcm32':
          d.setInt32(at, q, true);
          break;
        case 'float32':
          d.setFloat32(at, x, true);
          break;
        case 'float64':
          d.setFloat64(at, x, true);
          break;
      }
    }
  }
  const parts = [
    chunk('fmt ', fmt),
    ...(spec.extraChunks ?? []).map((c) => chunk(c.id, c.body)),
    chunk('data', data),
  ];
  const bodyLength = 4 + parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(8 + bodyLength);
  out.set([0x52, 0x49, 0x46, 0x46], 0);
  new DataView(out.buffer).setUint32(4, bodyLength, true);
  out.set([0x57, 0x41, 0x56, 0x45], 8);
  let at = 12;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Deterministic test signal: sum of two sines plus a ramp, in about [-0.9, 0.9]. */
export function testSignal(n: number, sampleRate: number, seed = 1): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t = i / sampleRate;
    out[i] =
      0.5 * Math.sin(2 * Math.PI * 440 * seed * t) +
      0.3 * Math.sin(2 * Math.PI * 97 * t + seed) +
      0.1 * ((i % 50) / 50);
  }
  return out;
}
