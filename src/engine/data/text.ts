import { readFile } from 'node:fs/promises';

/** A text file read as UTF-8 (BOM stripped, CRLF/CR accepted), or the reason it is not text. */
export type TextFile = { ok: true; lines: string[] } | { ok: false; reason: string };

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Control characters other than tab, LF, CR, FF: their presence marks a binary file. */
function hasBinaryControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) return true;
  }
  return false;
}

/** Decodes bytes as UTF-8 text, refusing anything that is not valid UTF-8 or holds binary control bytes. */
export function decodeText(bytes: Uint8Array): TextFile {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { ok: false, reason: 'not valid UTF-8 text (binary file?)' };
  }
  if (hasBinaryControl(text)) return { ok: false, reason: 'contains binary control bytes (not a text file)' };
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return { ok: true, lines };
}

export async function readTextFile(path: string): Promise<TextFile> {
  return decodeText(await readFile(path));
}

/** Transcript normal form: NFC, whitespace runs collapsed to one space, trimmed. */
export function normalizeTranscript(text: string): string {
  return text.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

/** Splits `<key><whitespace><rest>` (Kaldi/LibriSpeech style); null when there is no separator. */
export function splitKeyRest(line: string): { key: string; rest: string } | null {
  const m = /^(\S+)(?:\s+(.*))?$/u.exec(line.trim());
  if (!m) return null;
  return { key: m[1], rest: m[2] ?? '' };
}
