/**
 * Container-level truncation checks for formats whose decoders stop silently at the damage: they return what
 * they could decode, so a file cut short would otherwise look like a shorter, valid recording.
 */

/**
 * Ogg: walks the pages ("OggS", 27-byte header, segment table, body) from the start; true when the last page
 * is cut off before its declared end. Trailing bytes that are not a page are ignored.
 */
export function oggLastPageIncomplete(bytes: Uint8Array): boolean {
  let pos = 0;
  while (pos + 4 <= bytes.length) {
    if (
      bytes[pos] !== 0x4f ||
      bytes[pos + 1] !== 0x67 ||
      bytes[pos + 2] !== 0x67 ||
      bytes[pos + 3] !== 0x53
    ) {
      return false;
    }
    if (pos + 27 > bytes.length) return true;
    const segments = bytes[pos + 26];
    if (pos + 27 + segments > bytes.length) return true;
    let body = 0;
    for (let i = 0; i < segments; i++) body += bytes[pos + 27 + i];
    pos += 27 + segments + body;
  }
  return pos > bytes.length;
}

/**
 * MP3 with a Xing/Info header (written by LAME and ffmpeg): the number of sample frames per channel that
 * the header's frame count declares, before encoder delay and padding are trimmed; null without one.
 * The tag sits after the first frame's 4-byte header and side information (MPEG-1: 32 bytes stereo /
 * 17 mono; MPEG-2/2.5: 17 / 9). Layer III carries 1152 samples per frame in MPEG-1, 576 otherwise.
 */
export function mp3DeclaredSamples(bytes: Uint8Array, frameStart: number): number | null {
  const h = frameStart;
  if (bytes.length < h + 4 || bytes[h] !== 0xff || (bytes[h + 1] & 0xe0) !== 0xe0) return null;
  const mpeg1 = (bytes[h + 1] & 0x18) === 0x18;
  const layer3 = (bytes[h + 1] & 0x06) === 0x02;
  if (!layer3) return null;
  const mono = (bytes[h + 3] & 0xc0) === 0xc0;
  const tag = h + 4 + (mpeg1 ? (mono ? 17 : 32) : mono ? 9 : 17);
  if (bytes.length < tag + 12) return null;
  const id = String.fromCharCode(bytes[tag], bytes[tag + 1], bytes[tag + 2], bytes[tag + 3]);
  if ((id !== 'Xing' && id !== 'Info') || (bytes[tag + 7] & 0x01) === 0) return null;
  const frames =
    ((bytes[tag + 8] << 24) >>> 0) + (bytes[tag + 9] << 16) + (bytes[tag + 10] << 8) + bytes[tag + 11];
  return frames * (mpeg1 ? 1152 : 576);
}
