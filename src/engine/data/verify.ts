import { stat } from 'node:fs/promises';
import { decodeAudioFile, probeAudioFile } from '../audio/decode';
import type { Candidate } from './candidate';
import { problemAt } from './candidate';
import type { ImportProblem } from './types';

/** Seconds a segment may run past the end of its recording before it is reported (rounding in corpora). */
const SEGMENT_TOLERANCE_SEC = 0.05;

export type Verified = { ok: true; durationSec: number } | { ok: false; problem: ImportProblem };

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Checks that an item's audio exists and is readable, and returns its duration:
 * a whole file's measured duration, or a segment's declared duration (or the rest of the file after `offsetSec`).
 * `decode` decodes the item's audio (segment only); otherwise only the header is probed.
 */
export async function verifyAudio(c: Candidate, decode: boolean): Promise<Verified> {
  const fail = (kind: ImportProblem['kind'], message: string): Verified => ({
    ok: false,
    problem: problemAt(kind, c.file, c.line, message, c.id),
  });
  let size: number;
  try {
    const s = await stat(c.audioPath);
    if (!s.isFile()) return fail('missing_file', `${c.audioPath} is not a file`);
    size = s.size;
  } catch {
    return fail('missing_file', `audio file not found: ${c.audioPath}`);
  }
  if (size === 0) return fail('undecodable_audio', `zero-length audio file: ${c.audioPath}`);
  const segmented = c.offsetSec !== undefined;
  if (decode && !segmented) {
    // A whole file: one decode proves it readable and measures it (probing a compressed file decodes it too).
    try {
      const audio = await decodeAudioFile(c.audioPath);
      if (audio.samples.length === 0)
        return fail('undecodable_audio', `no samples decoded from ${c.audioPath}`);
      return { ok: true, durationSec: audio.durationSec };
    } catch (err) {
      return fail('undecodable_audio', `cannot decode audio ${c.audioPath}: ${errorText(err)}`);
    }
  }
  let fileDuration: number;
  try {
    fileDuration = (await probeAudioFile(c.audioPath)).durationSec;
  } catch (err) {
    return fail('undecodable_audio', `cannot read audio ${c.audioPath}: ${errorText(err)}`);
  }
  if (!segmented) return { ok: true, durationSec: fileDuration };
  const offset = c.offsetSec ?? 0;
  const durationSec = c.durationSec ?? fileDuration - offset;
  if (
    offset >= fileDuration + SEGMENT_TOLERANCE_SEC ||
    offset + durationSec > fileDuration + SEGMENT_TOLERANCE_SEC
  ) {
    return fail(
      'malformed_row',
      `segment ${offset}s + ${durationSec.toFixed(3)}s runs past the end of ${c.audioPath} (${fileDuration.toFixed(3)}s long)`,
    );
  }
  if (decode) {
    try {
      await decodeAudioFile(c.audioPath, { offsetSec: offset, durationSec });
    } catch (err) {
      return fail('undecodable_audio', `cannot decode audio ${c.audioPath}: ${errorText(err)}`);
    }
  }
  return { ok: true, durationSec };
}
