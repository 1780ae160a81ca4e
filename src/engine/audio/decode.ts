import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { decodeCompressedPcm, type CompressedFormat } from './compressed';
import { AudioDecodeError } from './errors';
import { readFlacStreamInfo } from './flac-info';
import { detectAudioFormat, detectOgg, id3Length, type AudioFormat } from './format';
import { readMp3Info } from './mp3-info';
import { readMp4Info } from './mp4-info';
import { readOggInfo } from './ogg-info';
import { resample } from './resample';
import { readWavInfo, readWavMono, type ByteSource } from './wav';

export interface DecodeOptions {
  /** Segment start in seconds (Kaldi `segments`). Default 0. */
  offsetSec?: number;
  /** Segment length in seconds. Default: to the end of the file. */
  durationSec?: number;
  /** Output sample rate in Hz. Default 16000. */
  sampleRate?: number;
  /**
   * A segment may end at most this far past the end of the audio; it is then cut at the end (Kaldi
   * `extract-segments --max-overshoot`, same default 0.5 s). Further out is an error.
   */
  maxOvershootSec?: number;
}

export interface DecodedAudio {
  /** Mono (mean of the source channels), resampled to `sampleRate`. */
  samples: Float32Array;
  sampleRate: number;
  sourceSampleRate: number;
  sourceChannels: number;
  /** e.g. "wav/pcm16", "flac", "opus". */
  sourceFormat: string;
  /** Duration of the returned samples. */
  durationSec: number;
}

export interface AudioProbe {
  durationSec: number;
  sampleRate: number;
  channels: number;
  format: string;
  /** Sample frames per channel at `sampleRate`. */
  frames: number;
}

const DEFAULT_RATE = 16000;
const DEFAULT_MAX_OVERSHOOT_SEC = 0.5;

function bytesSource(name: string, bytes: Uint8Array): ByteSource {
  return { name, size: bytes.length, read: (offset, length) => bytes.subarray(offset, offset + length) };
}

/** Opens a file for random-access reads; `use` runs while the descriptor is open. */
function withFileSource<T>(path: string, use: (src: ByteSource) => T): T {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const read = (offset: number, length: number): Uint8Array => {
      const buf = new Uint8Array(Math.max(0, Math.min(length, size - offset)));
      let done = 0;
      while (done < buf.length) {
        const got = readSync(fd, buf, done, buf.length - done, offset + done);
        if (got === 0) break;
        done += got;
      }
      return buf.subarray(0, done);
    };
    return use({ name: path, size, read });
  } finally {
    closeSync(fd);
  }
}

/** Frame range [start, start + count) of a segment request, validated against the source length. */
function segmentFrames(
  source: string,
  totalFrames: number,
  rate: number,
  opts: DecodeOptions,
): { start: number; count: number } {
  const offset = opts.offsetSec ?? 0;
  const duration = opts.durationSec;
  const overshoot = opts.maxOvershootSec ?? DEFAULT_MAX_OVERSHOOT_SEC;
  const total = totalFrames / rate;
  if (!Number.isFinite(offset) || offset < 0)
    throw new AudioDecodeError(source, `invalid segment offset ${offset} s`);
  if (duration !== undefined && (!Number.isFinite(duration) || duration <= 0)) {
    throw new AudioDecodeError(source, `invalid segment duration ${duration} s`);
  }
  const start = Math.round(offset * rate);
  if (offset > 0 && start >= totalFrames) {
    throw new AudioDecodeError(
      source,
      `segment starts at ${offset} s, outside the audio (${total.toFixed(3)} s long)`,
    );
  }
  if (duration === undefined) return { start, count: totalFrames - start };
  const end = offset + duration;
  if (end > total + overshoot) {
    throw new AudioDecodeError(
      source,
      `segment ${offset}–${end} s ends outside the audio (${total.toFixed(3)} s long)`,
    );
  }
  return { start, count: Math.min(Math.round(end * rate), totalFrames) - start };
}

function finish(
  mono: Float32Array,
  sourceSampleRate: number,
  sourceChannels: number,
  sourceFormat: string,
  opts: DecodeOptions,
): DecodedAudio {
  const sampleRate = opts.sampleRate ?? DEFAULT_RATE;
  const samples = resample(mono, sourceSampleRate, sampleRate);
  return {
    samples,
    sampleRate,
    sourceSampleRate,
    sourceChannels,
    sourceFormat,
    durationSec: samples.length / sampleRate,
  };
}

function decodeWav(src: ByteSource, opts: DecodeOptions): DecodedAudio {
  const info = readWavInfo(src);
  const { start, count } = segmentFrames(src.name, info.frames, info.sampleRate, opts);
  return finish(readWavMono(src, info, start, count), info.sampleRate, info.channels, info.format, opts);
}

/** Mean of the channels over frames [start, start + count), summed in double precision like the WAV reader. */
function downmix(channels: Float32Array[], start: number, count: number): Float32Array {
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    let sum = 0;
    for (const ch of channels) sum += ch[start + i];
    out[i] = sum / channels.length;
  }
  return out;
}

function requireFormat(source: string, bytes: Uint8Array): AudioFormat {
  if (bytes.length === 0) throw new AudioDecodeError(source, 'zero-length file');
  const format = detectAudioFormat(bytes);
  if (!format) {
    throw new AudioDecodeError(
      source,
      'unknown audio format (not WAV, FLAC, MP3, Ogg Opus/Vorbis, M4A or AAC)',
    );
  }
  return format;
}

/** Decodes in-memory audio bytes; the format is detected from magic bytes. `source` names it in errors. */
export async function decodeAudioBytes(
  bytes: Uint8Array,
  opts: DecodeOptions & { source?: string } = {},
): Promise<DecodedAudio> {
  const source = opts.source ?? '<bytes>';
  const format = requireFormat(source, bytes);
  if (format === 'wav') return decodeWav(bytesSource(source, bytes), opts);
  const pcm = await decodeCompressedPcm(source, format, bytes);
  const { start, count } = segmentFrames(source, pcm.channels[0].length, pcm.sampleRate, opts);
  return finish(downmix(pcm.channels, start, count), pcm.sampleRate, pcm.channels.length, format, opts);
}

function readErrorReason(err: unknown): string {
  const code = (err as { code?: unknown }).code;
  if (code === 'ENOENT') return 'file not found';
  if (code === 'EISDIR') return 'is a directory';
  if (code === 'EACCES') return 'permission denied';
  return err instanceof Error ? err.message : String(err);
}

/** Reads a whole file, reporting I/O failures as AudioDecodeError naming the file. */
export async function readAudioFileBytes(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (err) {
    throw new AudioDecodeError(path, readErrorReason(err));
  }
}

/** Reads the first bytes of a file (enough for format detection), mapping I/O errors to AudioDecodeError. */
function sniff(path: string): Uint8Array {
  try {
    return withFileSource(path, (src) => src.read(0, 4096));
  } catch (err) {
    throw new AudioDecodeError(path, readErrorReason(err));
  }
}

/**
 * Decodes an audio file to mono at `opts.sampleRate` (default 16 kHz), optionally only the segment
 * [offsetSec, offsetSec + durationSec). WAV segments are read without loading the rest of the file.
 */
export async function decodeAudioFile(path: string, opts: DecodeOptions = {}): Promise<DecodedAudio> {
  const head = sniff(path);
  if (requireFormat(path, head) === 'wav') return withFileSource(path, (src) => decodeWav(src, opts));
  const bytes = await readAudioFileBytes(path);
  return decodeAudioBytes(bytes, { ...opts, source: path });
}

/** What a header says of a file's length: `exact` when it is the sample count itself (WAV, FLAC, Ogg), otherwise
 * close (an MP3 encoder's frame count or a constant-bitrate estimate, an MP4 track's duration with its priming). */
export interface DeclaredAudio extends AudioProbe {
  exact: boolean;
}

function declared(
  frames: number,
  sampleRate: number,
  channels: number,
  format: string,
  exact: boolean,
): DeclaredAudio {
  return { durationSec: frames / sampleRate, sampleRate, channels, format, frames, exact };
}

function declaredBy(src: ByteSource, format: AudioFormat, head: Uint8Array): DeclaredAudio | null {
  if (format === 'wav') {
    const info = readWavInfo(src);
    return declared(info.frames, info.sampleRate, info.channels, info.format, true);
  }
  if (detectOgg(head)) {
    const ogg = readOggInfo(src);
    return ogg && declared(ogg.frames, ogg.sampleRate, ogg.channels, format, true);
  }
  if (format === 'flac') {
    const flac = readFlacStreamInfo(src.read(0, id3Length(head) + 64), id3Length(head));
    return flac && flac.totalSamples > 0 && flac.sampleRate > 0
      ? declared(flac.totalSamples, flac.sampleRate, flac.channels, format, true)
      : null;
  }
  if (format === 'mp3') {
    const start = id3Length(head);
    const mp3 = readMp3Info(src.read(start, 4096), 0, src.size - start);
    return mp3 && declared(mp3.frames, mp3.sampleRate, mp3.channels, format, false);
  }
  if (format === 'm4a') {
    const mp4 = readMp4Info(src);
    return mp4 && mp4.sampleRate > 0
      ? declared(mp4.frames, mp4.sampleRate, mp4.channels, format, false)
      : null;
  }
  return null;
}

/**
 * Duration, rate, channels and format from the header alone, for the formats whose header says it: WAV, native
 * and Ogg FLAC, Ogg Opus and Vorbis (exactly), MP3 and MP4/M4A (closely); null for the others (ADTS AAC) and for
 * headers that do not say. Reads a few kilobytes (Ogg: at most one page at each end) whatever the file's size.
 */
export function readAudioHeader(path: string): DeclaredAudio | null {
  const head = sniff(path);
  const format = requireFormat(path, head);
  return withFileSource(path, (src) => declaredBy(src, format, head));
}

/**
 * Duration, rate, channels and format of a file, as cheaply as the format allows: from the header alone where it
 * is exact (so a FLAC truncated after its header is only caught by decoding), otherwise by decoding.
 */
export async function probeAudioFile(path: string): Promise<AudioProbe> {
  const header = readAudioHeader(path);
  if (header?.exact) {
    const { exact: _exact, ...probe } = header;
    return probe;
  }
  // readAudioHeader answers exactly for every WAV (or throws), so what is left is compressed
  const format = requireFormat(path, sniff(path)) as CompressedFormat;
  const bytes = await readAudioFileBytes(path);
  const pcm = await decodeCompressedPcm(path, format, bytes);
  const frames = pcm.channels[0].length;
  return {
    durationSec: frames / pcm.sampleRate,
    sampleRate: pcm.sampleRate,
    channels: pcm.channels.length,
    format,
    frames,
  };
}
