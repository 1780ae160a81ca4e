import decodeWithLibrary from 'audio-decode';
import { AudioDecodeError } from './errors';
import { readFlacStreamInfo } from './flac-info';
import { id3Length, type AudioFormat } from './format';
import { readMp3Info } from './mp3-info';
import { oggLastPageIncomplete } from './truncation';

export type CompressedFormat = Exclude<AudioFormat, 'wav'>;

/** Decoded channels at the stream's own rate. */
export interface CompressedPcm {
  channels: Float32Array[];
  sampleRate: number;
}

/** audio-decode's decoder for each compressed format we accept. */
const DECODER: Record<CompressedFormat, 'flac' | 'mp3' | 'opus' | 'oga' | 'm4a' | 'aac'> = {
  flac: 'flac',
  mp3: 'mp3',
  opus: 'opus',
  vorbis: 'oga',
  m4a: 'm4a',
  aac: 'aac',
};

function concat(parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * Native FLAC: audio-decode scales integers by 1/(2^(b−1) − 1); rescale to 1/2^(b−1) like the WAV reader so
 * the same PCM gives the same floats in both containers. Then check the sample count against STREAMINFO:
 * fewer samples than declared means the file is truncated (the decoder silently stops at the damage).
 */
function checkFlac(source: string, bytes: Uint8Array, pcm: CompressedPcm): CompressedPcm {
  const info = readFlacStreamInfo(bytes, id3Length(bytes));
  if (!info) return pcm;
  const decoded = pcm.channels[0].length;
  if (info.totalSamples > 0 && decoded < info.totalSamples) {
    throw new AudioDecodeError(
      source,
      `truncated FLAC: decoded ${decoded} of the ${info.totalSamples} samples its header declares`,
    );
  }
  const full = 2 ** (info.bitsPerSample - 1);
  const scale = (full - 1) / full;
  const keep = info.totalSamples > 0 ? info.totalSamples : decoded;
  const channels = pcm.channels.map((ch) => ch.subarray(0, keep).map((x) => x * scale));
  return { channels, sampleRate: pcm.sampleRate };
}

/**
 * MP3 with a Xing/Info frame count: the decoder trims encoder delay and padding (together under 2 frames
 * plus 1105 samples for LAME) but otherwise returns every frame, so anything shorter was cut off.
 */
function checkMp3(source: string, bytes: Uint8Array, decoded: number): void {
  const info = readMp3Info(bytes, id3Length(bytes), bytes.length);
  if (info?.source === 'xing' && decoded < info.frames - 2 * 1152 - 1105) {
    throw new AudioDecodeError(
      source,
      `truncated MP3: decoded ${decoded} samples, its Xing/Info header declares about ${info.frames}`,
    );
  }
}

/** Decodes a whole compressed file with audio-decode (WebAssembly/JS codecs, in process). */
export async function decodeCompressedPcm(
  source: string,
  format: CompressedFormat,
  bytes: Uint8Array,
): Promise<CompressedPcm> {
  const decoder = await decodeWithLibrary[DECODER[format]]();
  let pieces;
  try {
    pieces = [await decoder(bytes), await decoder()];
  } catch (err) {
    decoder.free();
    const reason = err instanceof Error ? err.message : String(err);
    throw new AudioDecodeError(source, `cannot decode ${format}: ${reason}`);
  }
  const nonEmpty = pieces.filter((p) => p.channelData.length > 0 && p.channelData[0].length > 0);
  if (nonEmpty.length === 0 || nonEmpty[0].sampleRate <= 0) {
    throw new AudioDecodeError(source, `cannot decode ${format}: no audio frames (truncated or corrupt?)`);
  }
  const channelCount = nonEmpty[0].channelData.length;
  const pcm = {
    channels: Array.from({ length: channelCount }, (_, c) => concat(nonEmpty.map((p) => p.channelData[c]))),
    sampleRate: nonEmpty[0].sampleRate,
  };
  if (format === 'flac') return checkFlac(source, bytes, pcm);
  if ((format === 'opus' || format === 'vorbis') && oggLastPageIncomplete(bytes)) {
    throw new AudioDecodeError(source, `truncated Ogg ${format}: the last page is cut off`);
  }
  if (format === 'mp3') checkMp3(source, bytes, pcm.channels[0].length);
  return pcm;
}
