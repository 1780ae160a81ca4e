/**
 * What an MP3 stream's first frame declares about its length. MPEG audio has no length field of its own; encoders
 * add one in the first frame (Xing/Info by LAME and ffmpeg, VBRI by Fraunhofer), and a constant-bitrate stream
 * without one has a length of (bytes × 8 / bitrate).
 */

/** Layer III bitrates in kbit/s by index, MPEG-1 and MPEG-2/2.5 (ISO 11172-3, 13818-3). */
const BITRATES_V1 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const BITRATES_V2 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
/** Sample rates by the version bits (3: MPEG-1, 2: MPEG-2, 0: MPEG-2.5) and the rate index. */
const RATES: Record<number, number[]> = {
  3: [44100, 48000, 32000],
  2: [22050, 24000, 16000],
  0: [11025, 12000, 8000],
};

export interface Mp3Info {
  sampleRate: number;
  channels: number;
  /** Sample frames per channel the stream declares, before encoder delay and padding are trimmed. */
  frames: number;
  /** Where the length comes from: a frame count (Xing/Info, VBRI) or the file size at the first frame's bitrate. */
  source: 'xing' | 'vbri' | 'bitrate';
}

const u32 = (b: Uint8Array, i: number) =>
  ((b[i] << 24) >>> 0) + (b[i + 1] << 16) + (b[i + 2] << 8) + b[i + 3];

/**
 * Reads the first Layer III frame header at `frameStart` of `bytes` (the file's first bytes, past any ID3v2 tag)
 * and the length it declares; `fileSize` is the whole file's. The Xing/Info tag sits after the 4-byte header and
 * the side information (MPEG-1: 32 bytes stereo / 17 mono; MPEG-2/2.5: 17 / 9), VBRI 32 bytes after the header.
 * Null when there is no Layer III frame there.
 */
export function readMp3Info(bytes: Uint8Array, frameStart: number, fileSize: number): Mp3Info | null {
  const h = frameStart;
  if (bytes.length < h + 4 || bytes[h] !== 0xff || (bytes[h + 1] & 0xe0) !== 0xe0) return null;
  const version = (bytes[h + 1] >> 3) & 0x03;
  const layer3 = (bytes[h + 1] & 0x06) === 0x02;
  const rate = RATES[version]?.[(bytes[h + 2] >> 2) & 0x03];
  if (!layer3 || !rate) return null;
  const mpeg1 = version === 3;
  const perFrame = mpeg1 ? 1152 : 576;
  const mono = (bytes[h + 3] & 0xc0) === 0xc0;
  const channels = mono ? 1 : 2;
  const tag = (at: number, id: string) =>
    bytes.length >= at + 4 && String.fromCharCode(...bytes.subarray(at, at + 4)) === id;
  const xing = h + 4 + (mpeg1 ? (mono ? 17 : 32) : mono ? 9 : 17);
  if ((tag(xing, 'Xing') || tag(xing, 'Info')) && bytes.length >= xing + 12 && bytes[xing + 7] & 0x01)
    return { sampleRate: rate, channels, frames: u32(bytes, xing + 8) * perFrame, source: 'xing' };
  const vbri = h + 36;
  if (tag(vbri, 'VBRI') && bytes.length >= vbri + 18)
    return { sampleRate: rate, channels, frames: u32(bytes, vbri + 14) * perFrame, source: 'vbri' };
  const kbps = (mpeg1 ? BITRATES_V1 : BITRATES_V2)[bytes[h + 2] >> 4];
  if (!kbps) return null;
  const seconds = ((fileSize - frameStart) * 8) / (kbps * 1000);
  return { sampleRate: rate, channels, frames: Math.round(seconds * rate), source: 'bitrate' };
}
