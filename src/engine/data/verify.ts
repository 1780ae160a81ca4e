import { stat } from 'node:fs/promises';
import type { AudioProbe } from '../audio/decode';
import { decodeAudioFile, probeAudioFile, readAudioHeader } from '../audio/decode';
import type { Candidate } from './candidate';
import { problemAt } from './candidate';
import type { ImportProblem } from './types';

/** Seconds a segment may run past the end of its recording before it is reported (rounding in corpora). */
const SEGMENT_TOLERANCE_SEC = 0.05;
/** Sample rates a recording of speech can plausibly have; others are refused from the header. */
const MIN_SAMPLE_RATE = 1000;
const MAX_SAMPLE_RATE = 384000;

export type Verified = { ok: true; durationSec: number } | { ok: false; problem: ImportProblem };

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export type Prober = (path: string) => Promise<AudioProbe>;

/**
 * Probes each recording once per import: many Kaldi segments share one recording, and probing a compressed
 * file decodes all of it.
 */
export function cachedProber(): Prober {
  const cache = new Map<string, Promise<AudioProbe>>();
  return (path) => {
    let p = cache.get(path);
    if (!p) {
      p = probeAudioFile(path);
      cache.set(path, p);
    }
    return p;
  };
}

/**
 * Checks that an item's audio exists and is readable, and returns its duration:
 * a whole file's measured duration, or a segment's declared duration (or the rest of the file after `offsetSec`).
 * With `decode`, a whole file is decoded; a segment is checked against its recording's probe (which decodes
 * MP3, MP4 and AAC recordings entirely) and, in WAV, read. Without it, only headers are read where the format allows.
 */
export async function verifyAudio(
  c: Candidate,
  decode: boolean,
  probe: Prober,
  maxDurationSec = Infinity,
): Promise<Verified> {
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
  // What the header says bounds the work before any decoding or resampling: a 4 KB WAV declaring 1 Hz would be
  // resampled to 16 kHz whole (minutes, and memory out of all proportion to the file) before its length is known.
  const outOfBounds = (info: AudioProbe | null): Verified | undefined => {
    if (info && (info.sampleRate < MIN_SAMPLE_RATE || info.sampleRate > MAX_SAMPLE_RATE))
      return fail(
        'undecodable_audio',
        `${c.audioPath} declares ${info.sampleRate} Hz, outside ${MIN_SAMPLE_RATE}–${MAX_SAMPLE_RATE} Hz`,
      );
    if (info && !segmented && info.durationSec > maxDurationSec)
      return fail(
        'absurd_duration',
        `${c.audioPath} runs ${info.durationSec.toFixed(1)} s by its header, over ${maxDurationSec} s`,
      );
    return undefined;
  };
  if (!segmented) {
    // A whole file: its header first (every format that declares a length, MP3 and M4A closely), so nothing is
    // decoded past the cap; then, with `decode`, one decode proves it readable and measures it.
    const failure = decode ? 'cannot decode audio' : 'cannot read audio';
    try {
      const refused = outOfBounds(readAudioHeader(c.audioPath));
      if (refused) return refused;
      if (decode) {
        const audio = await decodeAudioFile(c.audioPath);
        if (audio.samples.length === 0)
          return fail('undecodable_audio', `no samples decoded from ${c.audioPath}`);
        return { ok: true, durationSec: audio.durationSec };
      }
    } catch (err) {
      return fail('undecodable_audio', `${failure} ${c.audioPath}: ${errorText(err)}`);
    }
  }
  // Otherwise the (per-recording, cached) probe, which is the header alone where that is exact (WAV, FLAC, Ogg):
  // segments of one recording share it.
  let info: AudioProbe;
  try {
    info = await probe(c.audioPath);
  } catch (err) {
    return fail('undecodable_audio', `cannot read audio ${c.audioPath}: ${errorText(err)}`);
  }
  const refused = outOfBounds(info);
  if (refused) return refused;
  const fileDuration = info.durationSec;
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
  if (decode && info.format.startsWith('wav')) {
    try {
      await decodeAudioFile(c.audioPath, { offsetSec: offset, durationSec });
    } catch (err) {
      return fail('undecodable_audio', `cannot decode audio ${c.audioPath}: ${errorText(err)}`);
    }
  }
  return { ok: true, durationSec };
}
