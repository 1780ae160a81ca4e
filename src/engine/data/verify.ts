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
  let fileDuration: number;
  try {
    fileDuration = (await probeAudioFile(c.audioPath)).durationSec;
  } catch (err) {
    return fail('undecodable_audio', `cannot read audio ${c.audioPath}: ${errorText(err)}`);
  }
  const offset = c.offsetSec ?? 0;
  if (offset < 0 || offset >= fileDuration + SEGMENT_TOLERANCE_SEC) {
    return fail('malformed_row', `offset ${offset}s is outside ${c.audioPath} (${fileDuration.toFixed(3)}s long)`);
  }
  const segmented = c.offsetSec !== undefined;
  const durationSec = segmented ? (c.durationSec ?? fileDuration - offset) : fileDuration;
  if (segmented && offset + durationSec > fileDuration + SEGMENT_TOLERANCE_SEC) {
    return fail(
      'malformed_row',
      `segment ${offset}s + ${durationSec}s runs past the end of ${c.audioPath} (${fileDuration.toFixed(3)}s long)`,
    );
  }
  if (decode) {
    try {
      const audio = await decodeAudioFile(c.audioPath, segmented ? { offsetSec: offset, durationSec } : {});
      if (audio.samples.length === 0 && durationSec > 0) {
        return fail('undecodable_audio', `no samples decoded from ${c.audioPath}`);
      }
      if (!segmented) return { ok: true, durationSec: audio.durationSec };
    } catch (err) {
      return fail('undecodable_audio', `cannot decode audio ${c.audioPath}: ${errorText(err)}`);
    }
  }
  return { ok: true, durationSec };
}

/** Runs `work` over `items` with at most `limit` in flight, reporting progress after each; results keep input order. */
export async function mapConcurrent<T, R>(
  items: T[],
  limit: number,
  work: (item: T) => Promise<R>,
  onProgress?: (done: number, total: number) => void,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]);
      done++;
      onProgress?.(done, items.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
