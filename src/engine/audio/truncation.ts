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
