/** The parts of a native FLAC stream's STREAMINFO block that decoding needs to check its result. */
export interface FlacStreamInfo {
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  /** Samples per channel; 0 means the encoder did not know (streamed). */
  totalSamples: number;
}

/**
 * Parses STREAMINFO, the mandatory first metadata block after the "fLaC" marker (offset `start`, which is past
 * any ID3v2 tag). Layout from byte 10 of the block: 20 bits sample rate, 3 bits channels − 1,
 * 5 bits bits-per-sample − 1, 36 bits total samples. Returns null when there is no native FLAC header there (e.g. Ogg FLAC) or it is cut short.
 */
export function readFlacStreamInfo(bytes: Uint8Array, start = 0): FlacStreamInfo | null {
  const si = start + 8; // "fLaC" + 4-byte metadata block header
  const magic = String.fromCharCode(...bytes.subarray(start, start + 4));
  if (magic !== 'fLaC' || bytes.length < si + 18 || (bytes[start + 4] & 0x7f) !== 0) return null;
  const b = (i: number) => bytes[si + i];
  const sampleRate = (b(10) << 12) | (b(11) << 4) | (b(12) >> 4);
  const channels = ((b(12) >> 1) & 0x07) + 1;
  const bitsPerSample = (((b(12) & 0x01) << 4) | (b(13) >> 4)) + 1;
  const totalSamples =
    (b(13) & 0x0f) * 2 ** 32 + ((b(14) << 24) >>> 0) + (b(15) << 16) + (b(16) << 8) + b(17);
  return { sampleRate, channels, bitsPerSample, totalSamples };
}
