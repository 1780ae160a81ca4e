import { basename, extname, join } from 'node:path';
import type { Candidate, Parsed } from '../candidate';
import { problemAt } from '../candidate';
import { findColumn, splitDelimited } from '../delimited';
import { finishImport } from '../finish';
import { isFile, layoutFolders } from '../fsutil';
import { languageFromFolderName } from '../languages';
import { readTextFile, badLineProblems, shortQuote } from '../text';
import type { ImportOptions, ImportResult, Split } from '../types';

const SPLIT_FILES: [string, Split][] = [
  ['train.tsv', 'train'],
  ['dev.tsv', 'dev'],
  ['test.tsv', 'test'],
];

/** The tables to read in one locale folder: train/dev/test when present (the corpus's splits), else validated. */
async function tablesIn(dir: string): Promise<[string, Split | undefined][]> {
  const splits: [string, Split | undefined][] = [];
  for (const [name, split] of SPLIT_FILES)
    if (await isFile(join(dir, name))) splits.push([join(dir, name), split]);
  if (splits.length > 0) return splits;
  return (await isFile(join(dir, 'validated.tsv'))) ? [[join(dir, 'validated.tsv'), undefined]] : [];
}

/** Whether a TSV's header names Common Voice's client_id, path and sentence columns. */
export async function isCommonVoiceTable(file: string): Promise<boolean> {
  const text = await readTextFile(file);
  if (!text.ok) return false;
  const header = (text.lines[0] ?? '').split('\t');
  return ['client_id', 'path', 'sentence'].every((c) => findColumn(header, [c]) !== -1);
}

/** A locale folder: it has Common Voice tables, at least one with Common Voice's header. */
async function isLocaleDir(dir: string): Promise<boolean> {
  for (const [file] of await tablesIn(dir)) if (await isCommonVoiceTable(file)) return true;
  return false;
}

/** Common Voice locale folders: `root` itself or its children (a `cv-corpus-*` folder holding several). */
export async function findCommonVoiceDirs(root: string): Promise<string[]> {
  return layoutFolders(root, isLocaleDir);
}

async function parseTable(
  dir: string,
  file: string,
  split: Split | undefined,
  opts: ImportOptions,
  out: Parsed,
) {
  const text = await readTextFile(file);
  if (!text.ok) {
    out.problems.push(problemAt('binary_text', file, undefined, `${file}: ${text.reason}`));
    return;
  }
  out.problems.push(...badLineProblems(file, text));
  const header = splitDelimited(text.lines[0] ?? '', '\t', false) ?? [];
  const col = {
    path: findColumn(header, ['path']),
    sentence: findColumn(header, ['sentence']),
    client: findColumn(header, ['client_id']),
    locale: findColumn(header, ['locale']),
  };
  const missing = (['path', 'sentence'] as const).filter((k) => col[k] === -1);
  if (missing.length > 0) {
    out.problems.push(
      problemAt(
        'malformed_row',
        file,
        1,
        `header lacks required column(s) ${missing.join(', ')}: ${shortQuote(text.lines[0] ?? '')}`,
      ),
    );
    return;
  }
  const folderLanguage = languageFromFolderName(basename(dir)) ?? undefined;
  const needed = Math.max(col.path, col.sentence, col.client, col.locale) + 1;
  for (let i = 1; i < text.lines.length; i++) {
    const line = text.lines[i];
    if (line.trim() === '') continue;
    const f = line.split('\t');
    if (f.length < needed) {
      out.problems.push(
        problemAt(
          'malformed_row',
          file,
          i + 1,
          `row has ${f.length} columns, the header names ${header.length}`,
        ),
      );
      continue;
    }
    const clip = f[col.path].trim();
    if (clip === '') {
      out.problems.push(problemAt('malformed_row', file, i + 1, 'empty "path" column'));
      continue;
    }
    const id = basename(clip, extname(clip));
    const c: Candidate = {
      id,
      speaker: col.client !== -1 && f[col.client].trim() !== '' ? f[col.client].trim() : id,
      audioPath: join(dir, 'clips', clip),
      transcript: f[col.sentence],
      file,
      line: i + 1,
    };
    const language = (col.locale !== -1 ? f[col.locale].trim() : '') || opts.language || folderLanguage;
    if (language) c.language = language;
    if (split) c.split = split;
    out.candidates.push(c);
  }
}

/** Reads Common Voice: `train/dev/test.tsv` (or `validated.tsv`) with client_id, path, sentence, locale + `clips/`. */
export async function parseCommonVoice(root: string, opts: ImportOptions): Promise<Parsed> {
  const out: Parsed = { candidates: [], problems: [] };
  for (const dir of await findCommonVoiceDirs(root)) {
    for (const [file, split] of await tablesIn(dir)) await parseTable(dir, file, split, opts, out);
  }
  return out;
}

export async function importCommonVoice(root: string, opts: ImportOptions = {}): Promise<ImportResult> {
  return finishImport('commonvoice', root, await parseCommonVoice(root, opts), opts);
}
