import { AudioDecodeError } from './errors';

/** Random access to a byte range, so WAV headers and segments can be read without loading a whole file. */
export interface ByteSource {
  readonly name: string;
  readonly size: number;
  read(offset: number, length: number): Uint8Array;
}

export type WavEncoding = 'int' | 'float';

/** What a WAV header says about its sample data. */
export interface WavInfo {
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  encoding: WavEncoding;
  /** Byte offset of the first sample frame. */
  dataOffset: number;
  /** Number of complete sample frames (one sample per channel). */
  frames: number;
  /** e.g. "wav/pcm16", "wav/float32". */
  format: string;
}

const WAVE_FORMAT_PCM = 0x0001;
const WAVE_FORMAT_IEEE_FLOAT = 0x0003;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;
/** ffmpeg and others write this data size when the length was unknown at write time. */
const UNKNOWN_SIZE = 0xffffffff;

function fourcc(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]);
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

interface FmtChunk {
  tag: number;
  channels: number;
  sampleRate: number;
  blockAlign: number;
  bitsPerSample: number;
}

function parseFmt(src: ByteSource, body: Uint8Array): FmtChunk {
  if (body.length < 16)
    throw new AudioDecodeError(src.name, `WAV fmt chunk is ${body.length} bytes, need at least 16`);
  const v = view(body);
  let tag = v.getUint16(0, true);
  if (tag === WAVE_FORMAT_EXTENSIBLE) {
    if (body.length < 26)
      throw new AudioDecodeError(src.name, 'WAVE_FORMAT_EXTENSIBLE fmt chunk is too short');
    tag = v.getUint16(24, true); // first two bytes of the SubFormat GUID
  }
  return {
    tag,
    channels: v.getUint16(2, true),
    sampleRate: v.getUint32(4, true),
    blockAlign: v.getUint16(12, true),
    bitsPerSample: v.getUint16(14, true),
  };
}

function describe(src: ByteSource, fmt: FmtChunk): { encoding: WavEncoding; format: string } {
  const { tag, bitsPerSample: bits } = fmt;
  if (tag === WAVE_FORMAT_PCM && (bits === 8 || bits === 16 || bits === 24 || bits === 32)) {
    return { encoding: 'int', format: `wav/pcm${bits}` };
  }
  if (tag === WAVE_FORMAT_IEEE_FLOAT && (bits === 32 || bits === 64)) {
    return { encoding: 'float', format: `wav/float${bits}` };
  }
  throw new AudioDecodeError(
    src.name,
    `unsupported WAV encoding (format tag 0x${tag.toString(16).padStart(4, '0')}, ${bits} bits per sample)`,
  );
}

/**
 * Walks the RIFF chunks (honouring the pad byte after odd-sized chunks) and returns the sample layout.
 * Reads only chunk headers and the fmt chunk, never the sample data.
 */
export function readWavInfo(src: ByteSource): WavInfo {
  if (src.size < 12) throw new AudioDecodeError(src.name, `truncated WAV: only ${src.size} bytes`);
  let fmt: FmtChunk | null = null;
  let pos = 12;
  while (pos + 8 <= src.size) {
    const header = src.read(pos, 8);
    const id = fourcc(header, 0);
    const declared = view(header).getUint32(4, true);
    const bodyStart = pos + 8;
    if (id === 'fmt ') {
      fmt = parseFmt(src, src.read(bodyStart, Math.min(declared, src.size - bodyStart)));
    } else if (id === 'data') {
      if (!fmt) throw new AudioDecodeError(src.name, 'WAV data chunk comes before the fmt chunk');
      const available = src.size - bodyStart;
      if (declared !== UNKNOWN_SIZE && declared > available) {
        throw new AudioDecodeError(
          src.name,
          `truncated WAV: data chunk declares ${declared} bytes but only ${available} are present`,
        );
      }
      const length = declared === UNKNOWN_SIZE ? available : declared;
      const { encoding, format } = describe(src, fmt);
      if (fmt.channels < 1) throw new AudioDecodeError(src.name, 'WAV header declares 0 channels');
      if (fmt.sampleRate < 1) throw new AudioDecodeError(src.name, 'WAV header declares a sample rate of 0');
      const bytesPerFrame = (fmt.bitsPerSample / 8) * fmt.channels;
      if (fmt.blockAlign !== bytesPerFrame) {
        throw new AudioDecodeError(
          src.name,
          `WAV block align ${fmt.blockAlign} does not match ${fmt.channels} channels × ${fmt.bitsPerSample} bits`,
        );
      }
      return {
        sampleRate: fmt.sampleRate,
        channels: fmt.channels,
        bitsPerSample: fmt.bitsPerSample,
        encoding,
        dataOffset: bodyStart,
        frames: Math.floor(length / bytesPerFrame),
        format,
      };
    }
    pos = bodyStart + declared + (declared & 1);
  }
  throw new AudioDecodeError(src.name, fmt ? 'truncated WAV: no data chunk' : 'truncated WAV: no fmt chunk');
}

type SampleReader = (v: DataView, at: number) => number;

function sampleReader(info: WavInfo): SampleReader {
  if (info.encoding === 'float') {
    return info.bitsPerSample === 32 ? (v, at) => v.getFloat32(at, true) : (v, at) => v.getFloat64(at, true);
  }
  switch (info.bitsPerSample) {
    case 8:
      return (v, at) => (v.getUint8(at) - 128) / 128;
    case 16:
      return (v, at) => v.getInt16(at, true) / 32768;
    case 24:
      return (v, at) => (v.getUint8(at) | (v.getUint8(at + 1) << 8) | (v.getInt8(at + 2) << 16)) / 8388608;
    default:
      return (v, at) => v.getInt32(at, true) / 2147483648;
  }
}

/**
 * Reads `count` frames starting at frame `start` and downmixes them to mono (mean of the channels).
 * Integer PCM is scaled to [-1, 1) by its full-scale value; float data is passed through.
 */
export function readWavMono(src: ByteSource, info: WavInfo, start: number, count: number): Float32Array {
  const bytesPerSample = info.bitsPerSample / 8;
  const bytesPerFrame = bytesPerSample * info.channels;
  const bytes = src.read(info.dataOffset + start * bytesPerFrame, count * bytesPerFrame);
  const v = view(bytes);
  const out = new Float32Array(count);
  const channels = info.channels;
  if (info.encoding === 'int' && info.bitsPerSample === 16) {
    for (let i = 0; i < count; i++) {
      let sum = 0;
      for (let c = 0; c < channels; c++) sum += v.getInt16(i * bytesPerFrame + 2 * c, true);
      out[i] = sum / 32768 / channels;
    }
    return out;
  }
  const read = sampleReader(info);
  for (let i = 0; i < count; i++) {
    let sum = 0;
    const base = i * bytesPerFrame;
    for (let c = 0; c < channels; c++) sum += read(v, base + c * bytesPerSample);
    out[i] = sum / channels;
  }
  return out;
}

/** Encode mono float samples in [-1, 1] as a 16-bit PCM WAV file. */
export function encodeWav16(samples: Float32Array, sampleRate: number): Uint8Array {
  const dataBytes = samples.length * 2;
  const out = new Uint8Array(44 + dataBytes);
  const view = new DataView(out.buffer);
  const ascii = (offset: number, text: string) => {
    for (let i = 0; i < text.length; i++) out[offset + i] = text.charCodeAt(i);
  };
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + dataBytes, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  ascii(36, 'data');
  view.setUint32(40, dataBytes, true);
  for (let i = 0; i < samples.length; i++) {
    const s = Math.max(-1, Math.min(1, samples[i]));
    view.setInt16(44 + i * 2, Math.round(s < 0 ? s * 0x8000 : s * 0x7fff), true);
  }
  return out;
}
