import { basename, join } from 'node:path';
import type { Detected } from './detect';
import { findColumn, splitDelimited } from './delimited';
import { DEFAULT_COLUMNS, findTables } from './formats/csv';
import { findJsonlManifests } from './formats/jsonl';
import { findKaldiDirs } from './formats/kaldi';
import { findMlsLanguageDirs } from './formats/mls';
import { isFile } from './fsutil';
import { languageFromFolderName } from './languages';
import { readTextFile } from './text';
import type { ColumnMapping } from './types';

/**
 * Whether a corpus names the language of its utterances: `yes`, `no` (an import without a chosen language would
 * reject every utterance), or `unknown` (it could not be read far enough to tell; the import reports why).
 * `where` says, for `no`, what lacks the language.
 */
export interface LanguageSource {
  carries: 'yes' | 'no' | 'unknown';
  where: string;
}

const JSONL_LANGUAGE_KEYS = ['lang', 'language', 'locale'];

/** Kaldi keeps languages in utt2lang; every data folder needs one. */
async function kaldi(root: string): Promise<LanguageSource> {
  const dirs = await findKaldiDirs(root);
  const without: string[] = [];
  for (const dir of dirs) if (!(await isFile(join(dir, 'utt2lang')))) without.push(dir);
  return without.length
    ? { carries: 'no', where: `Kaldi data folder ${without[0]} has no utt2lang` }
    : { carries: 'yes', where: '' };
}

/** A JSONL manifest names languages when some row has `lang`, `language` or `locale`. */
async function jsonl(root: string): Promise<LanguageSource> {
  let rows = 0;
  for (const file of await findJsonlManifests(root)) {
    const text = await readTextFile(file);
    if (!text.ok) continue;
    for (const line of text.lines) {
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        continue;
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) continue;
      rows++;
      const row = value as Record<string, unknown>;
      if (JSONL_LANGUAGE_KEYS.some((k) => typeof row[k] === 'string' && row[k].trim() !== ''))
        return { carries: 'yes', where: '' };
    }
  }
  return rows
    ? { carries: 'no', where: `JSONL manifest ${root} has no "lang", "language" or "locale" field` }
    : { carries: 'unknown', where: '' };
}

/** A CSV/TSV manifest names languages when its header has a language column. */
async function csv(root: string, columns?: ColumnMapping): Promise<LanguageSource> {
  let headers = 0;
  const names = columns?.language ? [columns.language] : DEFAULT_COLUMNS.language;
  for (const file of await findTables(root)) {
    const text = await readTextFile(file);
    if (!text.ok || text.lines.length === 0) continue;
    const line = text.lines[0];
    const tab = file.toLowerCase().endsWith('.tsv') || (line.includes('\t') && !line.includes(','));
    const header = splitDelimited(line, tab ? '\t' : ',', !tab) ?? [];
    headers++;
    if (findColumn(header, names) !== -1) return { carries: 'yes', where: '' };
  }
  return headers
    ? { carries: 'no', where: `manifest ${root} has no ${names.join('/')} column` }
    : { carries: 'unknown', where: '' };
}

/** MLS names languages by folder (`mls_german`); a folder named otherwise needs one chosen. */
async function mls(root: string): Promise<LanguageSource> {
  for (const dir of await findMlsLanguageDirs(root))
    if (!languageFromFolderName(basename(dir)))
      return { carries: 'no', where: `MLS folder ${dir} is not named for a language` };
  return { carries: 'yes', where: '' };
}

/**
 * Where a detected layout's utterances get their language. LibriSpeech is English, and Common Voice has a locale
 * column or folder; Kaldi folders, JSONL and CSV manifests, and oddly named MLS folders may carry none.
 */
export async function languageSource(
  detected: Detected,
  options: { columns?: ColumnMapping } = {},
): Promise<LanguageSource> {
  switch (detected.format) {
    case 'kaldi':
      return kaldi(detected.root);
    case 'jsonl':
      return jsonl(detected.root);
    case 'csv':
      return csv(detected.root, options.columns);
    case 'mls':
      return mls(detected.root);
    default:
      return { carries: 'yes', where: '' };
  }
}
