import { basename, dirname } from 'node:path';
import type { Parsed } from '../candidate';
import { problemAt } from '../candidate';
import { findColumn, splitDelimited } from '../delimited';
import { finishImport } from '../finish';
import { filesWithExtension, isDirectory } from '../fsutil';
import { splitFromName } from '../split-names';
import { readTextFile, badLineProblems, shortQuote } from '../text';
import type { ColumnMapping, ImportOptions, ImportResult } from '../types';
import type { ManifestFields } from './manifest-item';
import { manifestCandidate } from './manifest-item';

export const TABLE_EXTENSIONS = ['.csv', '.tsv'];

/** Header names recognised for each field when the caller's mapping doesn't name the column. */
export const DEFAULT_COLUMNS: Record<keyof ColumnMapping, string[]> = {
  id: ['id', 'utt_id', 'utterance_id', 'uttid', 'key'],
  audio: [
    'audio_filepath',
    'audio_path',
    'audio',
    'path',
    'file',
    'filename',
    'file_name',
    'wav',
    'wav_path',
  ],
  text: ['text', 'transcript', 'transcription', 'sentence', 'normalized_text'],
  duration: ['duration', 'duration_sec', 'duration_s', 'length'],
  offset: ['offset', 'start', 'offset_sec'],
  language: ['lang', 'language', 'locale'],
  speaker: ['speaker', 'speaker_id', 'spk', 'client_id'],
  split: ['split', 'subset', 'set'],
};

const REQUIRED: (keyof ColumnMapping)[] = ['audio', 'text'];

export async function findTables(path: string): Promise<string[]> {
  if (!(await isDirectory(path))) return [path];
  return filesWithExtension(path, TABLE_EXTENSIONS);
}

function numberOrUndefined(v: string | undefined): number | undefined {
  return v === undefined || v.trim() === '' ? undefined : Number(v);
}

async function parseTable(file: string, opts: ImportOptions, out: Parsed): Promise<void> {
  const text = await readTextFile(file);
  if (!text.ok) {
    out.problems.push(problemAt('binary_text', file, undefined, `${file}: ${text.reason}`));
    return;
  }
  out.problems.push(...badLineProblems(file, text));
  const headerLine = text.lines[0] ?? '';
  const tab = file.toLowerCase().endsWith('.tsv') || (headerLine.includes('\t') && !headerLine.includes(','));
  const delimiter = tab ? '\t' : ',';
  const header = splitDelimited(headerLine, delimiter, !tab) ?? [];
  const col = {} as Record<keyof ColumnMapping, number>;
  for (const key of Object.keys(DEFAULT_COLUMNS) as (keyof ColumnMapping)[]) {
    const chosen = opts.columns?.[key];
    col[key] = findColumn(header, chosen ? [chosen] : DEFAULT_COLUMNS[key]);
  }
  const missing = REQUIRED.filter((k) => col[k] === -1);
  if (missing.length > 0) {
    const wanted = missing
      .map((k) => `${k} (${opts.columns?.[k] ?? DEFAULT_COLUMNS[k].join('/')})`)
      .join(', ');
    out.problems.push(
      problemAt('malformed_row', file, 1, `header lacks column(s) ${wanted}: ${shortQuote(headerLine)}`),
    );
    return;
  }
  const needed = Math.max(...Object.values(col)) + 1;
  const where = {
    file,
    dir: dirname(file),
    fileSplit: splitFromName(basename(file)),
    language: opts.language,
  };
  for (let i = 1; i < text.lines.length; i++) {
    const line = text.lines[i];
    if (line.trim() === '') continue;
    const malformed = (why: string): void => {
      out.problems.push(problemAt('malformed_row', file, i + 1, why));
    };
    const f = splitDelimited(line, delimiter, !tab);
    if (!f) {
      malformed('unterminated quoted field');
      continue;
    }
    if (f.length < needed) {
      malformed(`row has ${f.length} columns, ${needed} needed by the header`);
      continue;
    }
    const at = (k: keyof ColumnMapping): string | undefined => (col[k] === -1 ? undefined : f[col[k]]);
    const fields: ManifestFields = {
      id: at('id'),
      audio: at('audio') ?? '',
      text: at('text') ?? '',
      duration: numberOrUndefined(at('duration')),
      offset: numberOrUndefined(at('offset')),
      language: at('language'),
      speaker: at('speaker'),
      split: at('split'),
    };
    const c = manifestCandidate(fields, { ...where, line: i + 1 });
    if (typeof c === 'string') malformed(c);
    else out.candidates.push(c);
  }
}

/** Reads CSV/TSV manifests with a header row; `opts.columns` maps fields to header names. */
export async function parseCsv(path: string, opts: ImportOptions): Promise<Parsed> {
  const out: Parsed = { candidates: [], problems: [] };
  for (const file of await findTables(path)) await parseTable(file, opts, out);
  return out;
}

export async function importCsv(path: string, opts: ImportOptions = {}): Promise<ImportResult> {
  return finishImport('csv', path, await parseCsv(path, opts), opts);
}
