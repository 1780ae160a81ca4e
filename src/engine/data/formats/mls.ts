import { basename, join } from 'node:path';
import type { Candidate, Parsed } from '../candidate';
import { problemAt } from '../candidate';
import { finishImport } from '../finish';
import { isFile, layoutFolders } from '../fsutil';
import { languageFromFolderName } from '../languages';
import { readTextFile, badLineProblems, shortQuote } from '../text';
import type { ImportOptions, ImportResult, Split } from '../types';

const SPLITS: Split[] = ['train', 'dev', 'test'];
const AUDIO_EXTENSIONS = ['.flac', '.opus'];

async function isLanguageDir(dir: string): Promise<boolean> {
  for (const s of SPLITS) if (await isFile(join(dir, s, 'transcripts.txt'))) return true;
  return false;
}

/** MLS language folders: `root` itself (`mls_french/`) or its children (a folder holding several). */
export async function findMlsLanguageDirs(root: string): Promise<string[]> {
  return layoutFolders(root, isLanguageDir);
}

async function audioFor(splitDir: string, speaker: string, book: string, id: string): Promise<string> {
  const base = join(splitDir, 'audio', speaker, book, id);
  for (const ext of AUDIO_EXTENSIONS) if (await isFile(base + ext)) return base + ext;
  return base + AUDIO_EXTENSIONS[0];
}

async function parseSplit(
  langDir: string,
  split: Split,
  language: string | undefined,
  out: Parsed,
): Promise<void> {
  const splitDir = join(langDir, split);
  const file = join(splitDir, 'transcripts.txt');
  if (!(await isFile(file))) return;
  const text = await readTextFile(file);
  if (!text.ok) {
    out.problems.push(problemAt('binary_text', file, undefined, `${file}: ${text.reason}`));
    return;
  }
  out.problems.push(...badLineProblems(file, text));
  for (let i = 0; i < text.lines.length; i++) {
    const line = text.lines[i];
    if (line.trim() === '') continue;
    const m = /^(\S+?)(?:\t|\s+)(.*)$/u.exec(line.trim()) ?? /^(\S+)$/u.exec(line.trim());
    const id = m?.[1] ?? '';
    const parts = /^([^_\s]+)_([^_\s]+)_([^_\s]+)$/u.exec(id);
    if (!parts) {
      out.problems.push(
        problemAt(
          'malformed_row',
          file,
          i + 1,
          `expected "<speaker>_<book>_<utterance><TAB><text>", got ${shortQuote(line)}`,
        ),
      );
      continue;
    }
    const c: Candidate = {
      id,
      speaker: parts[1],
      audioPath: await audioFor(splitDir, parts[1], parts[2], id),
      transcript: m?.[2] ?? '',
      split,
      file,
      line: i + 1,
    };
    if (language) c.language = language;
    out.candidates.push(c);
  }
}

/** Reads Multilingual LibriSpeech: `<lang>/{train,dev,test}/transcripts.txt` + `audio/<spk>/<book>/<id>.flac|.opus`. */
export async function parseMls(root: string, opts: ImportOptions): Promise<Parsed> {
  const out: Parsed = { candidates: [], problems: [] };
  for (const langDir of await findMlsLanguageDirs(root)) {
    const language = opts.language ?? languageFromFolderName(basename(langDir)) ?? undefined;
    for (const split of SPLITS) await parseSplit(langDir, split, language, out);
  }
  return out;
}

export async function importMls(root: string, opts: ImportOptions = {}): Promise<ImportResult> {
  return finishImport('mls', root, await parseMls(root, opts), opts);
}
