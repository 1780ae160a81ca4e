import { basename, dirname, join } from 'node:path';
import type { Parsed } from '../candidate';
import { problemAt } from '../candidate';
import { finishImport } from '../finish';
import { findFiles } from '../fsutil';
import { splitFromName } from '../split-names';
import { readTextFile, splitKeyRest, badLineProblems, shortQuote } from '../text';
import type { ImportOptions, ImportResult } from '../types';

/** Depth below the dropped folder at which `<split>/<spk>/<chapter>/*.trans.txt` may sit. */
const MAX_DEPTH = 5;

export async function findLibriSpeechTranscripts(
  root: string,
  onRepeat?: (path: string, realPath: string) => void,
): Promise<string[]> {
  return findFiles(root, (name) => name.endsWith('.trans.txt'), MAX_DEPTH, onRepeat);
}

/** Reads LibriSpeech: `<split>/<spk>/<chapter>/<spk>-<chapter>.trans.txt` + `<id>.flac`; language en unless chosen. */
export async function parseLibriSpeech(root: string, opts: ImportOptions): Promise<Parsed> {
  const out: Parsed = { candidates: [], problems: [] };
  const language = opts.language ?? 'en';
  const repeats: { path: string; realPath: string }[] = [];
  const transcripts = await findLibriSpeechTranscripts(root, (path, realPath) =>
    repeats.push({ path, realPath }),
  );
  if (repeats.length > 0) {
    const [first] = repeats;
    const why = `${first.path} leads back to ${first.realPath} (symbolic links loop or repeat); ${repeats.length} repeated path(s) skipped`;
    out.problems.push(problemAt('unsupported', first.path, undefined, why));
  }
  for (const file of transcripts) {
    const chapterDir = dirname(file);
    const split = splitFromName(basename(dirname(dirname(chapterDir))));
    const text = await readTextFile(file);
    if (!text.ok) {
      out.problems.push(problemAt('binary_text', file, undefined, `${file}: ${text.reason}`));
      continue;
    }
    out.problems.push(...badLineProblems(file, text));
    text.lines.forEach((line, i) => {
      if (line.trim() === '') return;
      const kv = splitKeyRest(line);
      const parts = kv ? /^([^-\s]+)-([^-\s]+)-([^-\s]+)$/u.exec(kv.key) : null;
      if (!kv || !parts) {
        out.problems.push(
          problemAt(
            'malformed_row',
            file,
            i + 1,
            `expected "<speaker>-<chapter>-<utterance> TEXT", got ${shortQuote(line)}`,
          ),
        );
        return;
      }
      out.candidates.push({
        id: kv.key,
        language,
        speaker: parts[1],
        audioPath: join(chapterDir, `${kv.key}.flac`),
        transcript: kv.rest,
        ...(split ? { split } : {}),
        file,
        line: i + 1,
      });
    });
  }
  return out;
}

export async function importLibriSpeech(root: string, opts: ImportOptions = {}): Promise<ImportResult> {
  return finishImport('librispeech', root, await parseLibriSpeech(root, opts), opts);
}
