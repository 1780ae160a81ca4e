import { shortQuote } from '../text';
import { extname, isAbsolute, relative, resolve } from 'node:path';
import type { Candidate } from '../candidate';
import { splitFromName } from '../split-names';
import type { Split } from '../types';

/** The fields a manifest row may give, as raw strings/numbers, before validation. */
export interface ManifestFields {
  id?: string;
  audio: string;
  text: string;
  duration?: number;
  offset?: number;
  language?: string;
  speaker?: string;
  split?: string;
}

/**
 * Turns a manifest row into a candidate (relative audio paths resolve against the manifest's folder),
 * or returns the reason it is malformed. Without an id, the id is the audio path relative to the manifest
 * folder without extension (plus `@offset` for segments), so re-imports give the same ids.
 */
export function manifestCandidate(
  f: ManifestFields,
  where: { file: string; line: number; dir: string; fileSplit: Split | null; language?: string },
): Candidate | string {
  if (f.audio.trim() === '') return 'empty audio path';
  if (f.duration !== undefined && !Number.isFinite(f.duration)) return `duration is not a number`;
  if (f.offset !== undefined && (!Number.isFinite(f.offset) || f.offset < 0))
    return `offset is not a non-negative number`;
  let split: Split | null = where.fileSplit;
  if (f.split !== undefined && f.split.trim() !== '') {
    split = splitFromName(f.split);
    if (!split) return `split ${shortQuote(f.split)} is not train, dev or test`;
  }
  const audioPath = isAbsolute(f.audio) ? f.audio : resolve(where.dir, f.audio);
  const rel = relative(where.dir, audioPath);
  const stem = rel
    .slice(0, rel.length - extname(rel).length)
    .split('\\')
    .join('/');
  const id = f.id?.trim() || (f.offset !== undefined ? `${stem}@${f.offset}` : stem);
  const c: Candidate = {
    id,
    speaker: f.speaker?.trim() || id,
    audioPath,
    transcript: f.text,
    file: where.file,
    line: where.line,
  };
  const language = f.language?.trim() || where.language;
  if (language) c.language = language;
  if (split) c.split = split;
  if (f.offset !== undefined) c.offsetSec = f.offset;
  if (f.duration !== undefined) c.durationSec = f.duration;
  return c;
}
