import { readFile } from 'node:fs/promises';
import { problemAt } from './candidate';
import type { ImportProblem } from './types';

/** A line that is not text: its 1-based number, the byte offset where it starts, and why. */
export interface BadLine {
  line: number;
  offset: number;
  reason: string;
}

/**
 * A text file read as UTF-8 line by line (BOM stripped, CRLF/CR accepted): its lines, with '' standing in for a
 * line that does not decode (listed in `bad`, so one bad byte costs one line); or, when the file is not text at
 * all (a NUL byte, or most lines bad), the reason.
 */
export type TextFile = { ok: true; lines: string[]; bad: BadLine[] } | { ok: false; reason: string };

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Control characters other than tab, LF, CR, FF: their presence marks a binary line. */
function hasBinaryControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) return true;
  }
  return false;
}

/** Decodes bytes as UTF-8 text line by line, refusing a line that is not valid UTF-8 or holds binary control bytes. */
export function decodeText(bytes: Uint8Array): TextFile {
  if (bytes.subarray(0, 8192).includes(0))
    return { ok: false, reason: 'contains NUL bytes (not a text file)' };
  const lines: string[] = [];
  const bad: BadLine[] = [];
  let start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (start < bytes.length) {
    let end = start;
    while (end < bytes.length && bytes[end] !== 0x0a && bytes[end] !== 0x0d) end++;
    const number = lines.length + 1;
    try {
      const text = utf8.decode(bytes.subarray(start, end));
      if (hasBinaryControl(text)) {
        bad.push({ line: number, offset: start, reason: 'holds binary control bytes' });
        lines.push('');
      } else lines.push(text);
    } catch {
      bad.push({ line: number, offset: start, reason: 'is not valid UTF-8' });
      lines.push('');
    }
    start = end + (bytes[end] === 0x0d && bytes[end + 1] === 0x0a ? 2 : 1);
  }
  if (bad.length > 0 && bad.length * 2 > lines.length)
    return { ok: false, reason: `${bad.length} of ${lines.length} lines are not UTF-8 text (binary file?)` };
  return { ok: true, lines, bad };
}

/** A problem per line of `text` that did not decode, naming its number and byte offset. */
export function badLineProblems(file: string, text: { bad: BadLine[] }): ImportProblem[] {
  return text.bad.map((b) =>
    problemAt('binary_text', file, b.line, `${file}: line ${b.line} (byte ${b.offset}) ${b.reason}; skipped`),
  );
}

/** At most 20 characters of `text`, JSON-quoted (control characters escaped), marked when cut: for messages that
 * must not echo a file's contents. */
export function shortQuote(text: string, max = 20): string {
  const chars = [...text];
  return chars.length > max ? `${JSON.stringify(chars.slice(0, max).join(''))}…` : JSON.stringify(text);
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
