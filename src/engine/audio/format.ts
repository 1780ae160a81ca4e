/** Container/codec families recognised from a file's leading bytes. */
export type AudioFormat = 'wav' | 'flac' | 'mp3' | 'opus' | 'vorbis' | 'm4a' | 'aac';

function ascii(bytes: Uint8Array, at: number, text: string): boolean {
  if (bytes.length < at + text.length) return false;
  for (let i = 0; i < text.length; i++) if (bytes[at + i] !== text.charCodeAt(i)) return false;
  return true;
}

/** Length of a leading ID3v2 tag (header + synchsafe size + optional footer), 0 when absent. */
export function id3Length(bytes: Uint8Array): number {
  if (bytes.length < 10 || !ascii(bytes, 0, 'ID3')) return 0;
  const size =
    ((bytes[6] & 0x7f) << 21) | ((bytes[7] & 0x7f) << 14) | ((bytes[8] & 0x7f) << 7) | (bytes[9] & 0x7f);
  return 10 + size + (bytes[5] & 0x10 ? 10 : 0);
}

function isMpegAudioSync(bytes: Uint8Array, at: number): boolean {
  return (
    bytes.length >= at + 2 &&
    bytes[at] === 0xff &&
    (bytes[at + 1] & 0xe0) === 0xe0 &&
    (bytes[at + 1] & 0x06) !== 0
  );
}

function isAdtsSync(bytes: Uint8Array, at: number): boolean {
  return bytes.length >= at + 2 && bytes[at] === 0xff && (bytes[at + 1] & 0xf6) === 0xf0;
}

/** True for an Ogg container (whatever codec it carries). */
export const detectOgg = (bytes: Uint8Array): boolean => ascii(bytes, 0, 'OggS');

/**
 * Detects the audio format from magic bytes only (never from the file name).
 * Ogg streams are told apart by the first packet's signature ("OpusHead", "\x01vorbis", "\x7fFLAC").
 * Returns null for anything unrecognised.
 */
export function detectAudioFormat(bytes: Uint8Array): AudioFormat | null {
  if (ascii(bytes, 0, 'RIFF') && ascii(bytes, 8, 'WAVE')) return 'wav';
  if (ascii(bytes, 0, 'fLaC')) return 'flac';
  if (ascii(bytes, 0, 'OggS')) {
    if (ascii(bytes, 28, 'OpusHead')) return 'opus';
    if (ascii(bytes, 29, 'vorbis')) return 'vorbis';
    if (ascii(bytes, 29, 'FLAC')) return 'flac';
    return null;
  }
  if (ascii(bytes, 4, 'ftyp')) return 'm4a';
  const start = id3Length(bytes);
  if (start > 0 && ascii(bytes, start, 'fLaC')) return 'flac';
  if (isMpegAudioSync(bytes, start)) return 'mp3';
  if (isAdtsSync(bytes, start)) return 'aac';
  if (start > 0 && start >= bytes.length) return 'mp3';
  return null;
}
