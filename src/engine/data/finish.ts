import type { Candidate, Parsed } from './candidate';
import { problemAt } from './candidate';
import { normalizeLanguage } from './languages';
import { assignSplits, DEFAULT_SPLIT_RATIOS } from './splits';
import { computeStats } from './stats';
import { normalizeTranscript, shortQuote } from './text';
import type { Format, ImportOptions, ImportProblem, ImportResult, ImportedUtterance } from './types';
import { mapConcurrent } from './concurrency';
import { cachedProber, verifyAudio } from './verify';

export const DEFAULT_MAX_DURATION_SEC = 60;
const DEFAULT_CONCURRENCY = 4;
/** Longer transcripts are not speech of an utterance (a whole document pasted into a field). */
const MAX_TRANSCRIPT_CHARS = 2000;

type Screened = Candidate & { language: string };

/** Drops duplicate ids (first kept), empty transcripts and unknown languages, normalising the rest. */
function screen(candidates: Candidate[], problems: ImportProblem[]): Screened[] {
  const seen = new Map<string, Candidate>();
  const kept: Screened[] = [];
  for (const c of candidates) {
    const first = seen.get(c.id);
    if (first) {
      problems.push(
        problemAt(
          'duplicate_id',
          c.file,
          c.line,
          `id ${c.id} already used at ${first.file}:${first.line}`,
          c.id,
        ),
      );
      continue;
    }
    seen.set(c.id, c);
    const transcript = normalizeTranscript(c.transcript);
    if (transcript === '') {
      problems.push(problemAt('empty_transcript', c.file, c.line, `empty transcript for ${c.id}`, c.id));
      continue;
    }
    if (transcript.length > MAX_TRANSCRIPT_CHARS) {
      const why = `transcript of ${c.id} has ${transcript.length} characters, over ${MAX_TRANSCRIPT_CHARS}`;
      problems.push(problemAt('long_transcript', c.file, c.line, why, c.id));
      continue;
    }
    const language = normalizeLanguage(c.language);
    if (!language) {
      const why = c.language
        ? `unknown language ${shortQuote(c.language)}`
        : 'no language given (choose one for this corpus)';
      problems.push(problemAt('unknown_language', c.file, c.line, `${why} for ${c.id}`, c.id));
      continue;
    }
    kept.push({ ...c, transcript, language });
  }
  return kept;
}

/**
 * The common tail of every importer: screen the parsed items, verify their audio (a few at a time),
 * reject absurd durations, assign splits and compute statistics. Item order follows the parser's order.
 */
export async function finishImport(
  format: Format,
  root: string,
  parsed: Parsed,
  opts: ImportOptions,
): Promise<ImportResult> {
  const problems = [...parsed.problems];
  const screened = screen(parsed.candidates, problems);
  const maxDuration = opts.maxDurationSec ?? DEFAULT_MAX_DURATION_SEC;
  const probe = cachedProber();
  const verified = await mapConcurrent(
    screened,
    opts.concurrency ?? DEFAULT_CONCURRENCY,
    (c) => verifyAudio(c, opts.verifyAudio ?? true, probe, maxDuration),
    opts.onProgress,
    opts.signal,
  );
  const good: { c: Screened; durationSec: number }[] = [];
  const absurd = (d: number): boolean => !(d > 0) || d > maxDuration;
  verified.forEach((v, i) => {
    const c = screened[i];
    if (!v.ok) {
      problems.push(v.problem);
      return;
    }
    // A declared duration that is absurd marks the row as suspect even when the audio itself is fine.
    const suspect = c.durationSec !== undefined && absurd(c.durationSec) ? c.durationSec : v.durationSec;
    if (absurd(suspect)) {
      problems.push(
        problemAt(
          'absurd_duration',
          c.file,
          c.line,
          `duration ${suspect}s of ${c.id} is outside (0, ${maxDuration}] s`,
          c.id,
        ),
      );
    } else good.push({ c, durationSec: v.durationSec });
  });
  const splits = assignSplits(
    good.map(({ c }) => c),
    opts.splitRatios ?? DEFAULT_SPLIT_RATIOS,
    opts.seed ?? 0,
  );
  const utterances = good.map(({ c, durationSec }, i): ImportedUtterance => {
    const u: ImportedUtterance = {
      id: c.id,
      language: c.language,
      speaker: c.speaker,
      audioPath: c.audioPath,
      durationSec,
      transcript: c.transcript,
      split: splits[i],
    };
    if (c.offsetSec !== undefined) u.offsetSec = c.offsetSec;
    return u;
  });
  return { format, root, utterances, problems, stats: computeStats(utterances, problems) };
}
