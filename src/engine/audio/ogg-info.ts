import type { ByteSource } from './wav';
import { readFlacStreamInfo } from './flac-info';

/** What an Ogg stream's first and last pages declare: enough to know its length without decoding it. */
export interface OggInfo {
  codec: 'opus' | 'vorbis' | 'flac';
  /** The rate the stream decodes at (Opus: always 48 kHz). */
  sampleRate: number;
  channels: number;
  /** Sample frames per channel at `sampleRate`. */
  frames: number;
}

/** Longest possible page: 27-byte header, 255 lacing values, 255 × 255 body bytes. */
const MAX_PAGE = 27 + 255 + 255 * 255;
const OPUS_RATE = 48000;

interface Page {
  at: number;
  granule: bigint;
  serial: number;
  /** Offset of the byte after the page. */
  end: number;
  bodyAt: number;
}

function isCapture(b: Uint8Array, i: number): boolean {
  return b[i] === 0x4f && b[i + 1] === 0x67 && b[i + 2] === 0x67 && b[i + 3] === 0x53 && b[i + 4] === 0;
}

/** The page whose header starts at `i` of `b` (`base` is b[0]'s file offset); null when its header is cut off. */
function pageAt(b: Uint8Array, i: number, base: number): Page | null {
  if (i + 27 > b.length || i + 27 + b[i + 26] > b.length) return null;
  const v = new DataView(b.buffer, b.byteOffset + i, 27);
  const segments = b[i + 26];
  let body = 0;
  for (let s = 0; s < segments; s++) body += b[i + 27 + s];
  const bodyAt = base + i + 27 + segments;
  return {
    at: base + i,
    granule: v.getBigInt64(6, true),
    serial: v.getUint32(14, true),
    end: bodyAt + body,
    bodyAt,
  };
}

/** Channels, rate and pre-skip from the identification header that opens the first page's body. */
function identification(
  head: Uint8Array,
): { codec: OggInfo['codec']; sampleRate: number; channels: number; skip: number } | null {
  const v = new DataView(head.buffer, head.byteOffset, head.length);
  const text = (at: number, s: string) => String.fromCharCode(...head.subarray(at, at + s.length)) === s;
  if (head.length >= 19 && text(0, 'OpusHead'))
    return { codec: 'opus', sampleRate: OPUS_RATE, channels: head[9], skip: v.getUint16(10, true) };
  if (head.length >= 16 && head[0] === 1 && text(1, 'vorbis'))
    return { codec: 'vorbis', sampleRate: v.getUint32(12, true), channels: head[11], skip: 0 };
  if (head[0] === 0x7f && text(1, 'FLAC')) {
    const si = readFlacStreamInfo(head, 9);
    return si && { codec: 'flac', sampleRate: si.sampleRate, channels: si.channels, skip: 0 };
  }
  return null;
}

/**
 * Reads an Ogg Opus, Vorbis or FLAC stream's length from its pages alone: the first page's identification
 * header gives the rate, the channels and (Opus) the pre-skip; the granule position of the stream's last page is
 * the sample count at its end (RFC 7845 §4: Opus length = granule − pre-skip, at 48 kHz). Reads the first page
 * and at most one page's worth of the file's tail. Null when the file is not such a stream, or its last page is
 * cut off (decoding then names the damage).
 */
export function readOggInfo(src: ByteSource): OggInfo | null {
  const head = src.read(0, MAX_PAGE);
  if (!isCapture(head, 0)) return null;
  const first = pageAt(head, 0, 0);
  if (!first) return null;
  const id = identification(head.subarray(first.bodyAt - first.at, first.end));
  if (!id || id.sampleRate <= 0 || id.channels <= 0) return null;
  const base = Math.max(0, src.size - MAX_PAGE);
  const tail = src.read(base, src.size - base);
  for (let i = tail.length - 27; i >= 0; i--) {
    if (!isCapture(tail, i)) continue;
    const page = pageAt(tail, i, base);
    if (!page || page.end > src.size) return null;
    if (page.serial !== first.serial || page.granule < 0n) continue;
    const frames = Number(page.granule) - id.skip;
    return frames >= 0 ? { codec: id.codec, sampleRate: id.sampleRate, channels: id.channels, frames } : null;
  }
  return null;
}
