import type { ByteSource } from './wav';

/** What an MP4/M4A file's first audio track declares (ISO 14496-12 boxes), read without touching its media data. */
export interface Mp4Info {
  sampleRate: number;
  channels: number;
  /** The track's duration in sample frames (its media duration converted from the track's timescale). */
  frames: number;
}

interface Box {
  type: string;
  /** Offset of the box's payload and of the byte after the box. */
  body: number;
  end: number;
}

/** More boxes than this side by side mean a damaged or hostile file: the walk stops there. */
const MAX_BOXES = 4096;

/** The boxes laid side by side in [start, end) of the file: 32-bit size, type, then a 64-bit size when size is 1. */
function boxes(src: ByteSource, start: number, end: number): Box[] {
  const out: Box[] = [];
  let at = start;
  while (at + 8 <= end && out.length < MAX_BOXES) {
    const h = src.read(at, 16);
    const v = new DataView(h.buffer, h.byteOffset, h.length);
    let size = v.getUint32(0);
    let header = 8;
    if (size === 1) {
      if (h.length < 16) break;
      size = Number(v.getBigUint64(8));
      header = 16;
    } else if (size === 0) size = end - at;
    if (size < header || at + size > end) break;
    out.push({ type: String.fromCharCode(...h.subarray(4, 8)), body: at + header, end: at + size });
    at += size;
  }
  return out;
}

const child = (src: ByteSource, box: Box | undefined, type: string) =>
  box && boxes(src, box.body, box.end).find((b) => b.type === type);

/**
 * Finds moov/trak/mdia of the first track whose handler is `soun`; from its mdhd the duration in timescale units,
 * and from its stsd's first sample entry (mp4a and the like) the channel count and sample rate. The duration
 * includes the encoder's priming samples (AAC: 1024 or 2112), which an edit list would trim: close, not exact. The moov box may
 * come after the media data (as ffmpeg writes it by default): only box headers are read on the way.
 * Null when the file has no such track.
 */
export function readMp4Info(src: ByteSource): Mp4Info | null {
  const moov = boxes(src, 0, src.size).find((b) => b.type === 'moov');
  for (const trak of moov ? boxes(src, moov.body, moov.end).filter((b) => b.type === 'trak') : []) {
    const mdia = child(src, trak, 'mdia');
    const hdlr = child(src, mdia, 'hdlr');
    if (!hdlr || String.fromCharCode(...src.read(hdlr.body + 8, 4)) !== 'soun') continue;
    const mdhd = child(src, mdia, 'mdhd');
    const stsd = child(src, child(src, child(src, mdia, 'minf'), 'stbl'), 'stsd');
    if (!mdhd || !stsd) return null;
    const m = src.read(mdhd.body, 32);
    const mv = new DataView(m.buffer, m.byteOffset, m.length);
    const v1 = m[0] === 1;
    if (m.length < (v1 ? 32 : 20)) return null;
    const timescale = mv.getUint32(v1 ? 20 : 12);
    const duration = v1 ? Number(mv.getBigUint64(24)) : mv.getUint32(16);
    // stsd: version/flags, entry count, then the entry: size, format, 6 reserved, data reference index,
    // 8 reserved, channel count, sample size, 4 reserved, sample rate as 16.16 fixed point.
    const e = src.read(stsd.body + 8, 36);
    if (e.length < 36) return null;
    const ev = new DataView(e.buffer, e.byteOffset, e.length);
    const sampleRate = ev.getUint16(32) || timescale;
    if (timescale <= 0) return null;
    return {
      sampleRate,
      channels: ev.getUint16(24),
      frames: Math.round((duration * sampleRate) / timescale),
    };
  }
  return null;
}
