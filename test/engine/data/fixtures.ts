import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { encodeWav16 } from '../../../src/engine/audio/wav';

/** A fresh temporary folder, removed by the returned cleanup. */
export function makeTempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `pathways-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function writeFile(path: string, content: string | Uint8Array): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  return path;
}

/** A 16-bit WAV holding a sine tone of `seconds` at `sampleRate`. */
export function writeToneWav(path: string, seconds: number, sampleRate = 16000, freq = 440): string {
  const n = Math.round(seconds * sampleRate);
  const s = new Float32Array(n);
  for (let i = 0; i < n; i++) s[i] = 0.3 * Math.sin((2 * Math.PI * freq * i) / sampleRate);
  return writeFile(path, encodeWav16(s, sampleRate));
}

/** Encodes a tone with the Debian tools (test fixtures only): flac, ffmpeg (mp3) or opusenc. */
export function writeToneAs(out: string, seconds: number, kind: 'flac' | 'mp3' | 'opus'): string {
  const wav = writeToneWav(`${out}.src.wav`, seconds);
  if (kind === 'flac') execFileSync('flac', ['-s', '-f', '-o', out, wav]);
  else if (kind === 'mp3') execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-i', wav, out]);
  else execFileSync('opusenc', ['--quiet', wav, out]);
  rmSync(wav);
  return out;
}

/** Problems of one kind, as `kind@line` strings for compact assertions. */
export function kindsAt(problems: { kind: string; line?: number }[]): string[] {
  return problems.map((p) => `${p.kind}@${p.line ?? '-'}`);
}
