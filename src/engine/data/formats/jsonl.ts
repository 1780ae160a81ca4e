import { basename, dirname } from 'node:path';
import type { Parsed } from '../candidate';
import { problemAt } from '../candidate';
import { finishImport } from '../finish';
import { filesWithExtension, isDirectory } from '../fsutil';
import { splitFromName } from '../split-names';
import { readTextFile, badLineProblems } from '../text';
import type { ImportOptions, ImportResult } from '../types';
import type { ManifestFields } from './manifest-item';
import { manifestCandidate } from './manifest-item';

export const JSONL_EXTENSIONS = ['.jsonl', '.json'];

/** The manifests to read: the file itself, or every `*.jsonl` / `*.json` directly in the folder. */
export async function findJsonlManifests(path: string): Promise<string[]> {
  if (!(await isDirectory(path))) return [path];
  return filesWithExtension(path, JSONL_EXTENSIONS);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

/** A number, or a numeric string ("1.5"); NaN (reported as malformed) for anything else present. */
function num(v: unknown): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number') return v;
  return typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
}

/** Maps a NeMo-style object (`audio_filepath`, `text`, `duration`, optional `offset`, `lang`, `speaker`, `split`). */
function fieldsOf(o: Record<string, unknown>): ManifestFields | string {
  const audio = str(o.audio_filepath ?? o.audio_path ?? o.audio);
  if (audio === undefined) return 'missing "audio_filepath"';
  const text = str(o.text ?? o.transcript);
  if (text === undefined) return 'missing "text"';
  return {
    id: str(o.id ?? o.utt_id ?? o.utterance_id),
    audio,
    text,
    duration: num(o.duration),
    offset: num(o.offset),
    language: str(o.lang ?? o.language ?? o.locale),
    speaker: str(o.speaker ?? o.speaker_id ?? o.spk),
    split: str(o.split),
  };
}

async function parseManifest(file: string, opts: ImportOptions, out: Parsed): Promise<void> {
  const text = await readTextFile(file);
  if (!text.ok) {
    out.problems.push(problemAt('binary_text', file, undefined, `${file}: ${text.reason}`));
    return;
  }
  out.problems.push(...badLineProblems(file, text));
  const where = {
    file,
    dir: dirname(file),
    fileSplit: splitFromName(basename(file)),
    language: opts.language,
  };
  text.lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const malformed = (why: string): void => {
      out.problems.push(problemAt('malformed_row', file, i + 1, why));
    };
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      malformed(`not JSON: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      malformed('line is not a JSON object');
      return;
    }
    const fields = fieldsOf(value as Record<string, unknown>);
    const c = typeof fields === 'string' ? fields : manifestCandidate(fields, { ...where, line: i + 1 });
    if (typeof c === 'string') malformed(c);
    else out.candidates.push(c);
  });
}

/** Reads NeMo-style JSONL manifests; relative audio paths resolve against the manifest's folder. */
export async function parseJsonl(path: string, opts: ImportOptions): Promise<Parsed> {
  const out: Parsed = { candidates: [], problems: [] };
  for (const file of await findJsonlManifests(path)) await parseManifest(file, opts, out);
  return out;
}

export async function importJsonl(path: string, opts: ImportOptions = {}): Promise<ImportResult> {
  return finishImport('jsonl', path, await parseJsonl(path, opts), opts);
}
