import { basename, dirname, resolve } from 'node:path';
import { findCommonVoiceDirs, isCommonVoiceTable } from './formats/commonvoice';
import { TABLE_EXTENSIONS, findTables } from './formats/csv';
import { JSONL_EXTENSIONS, findJsonlManifests } from './formats/jsonl';
import { findKaldiDirs } from './formats/kaldi';
import { findLibriSpeechTranscripts } from './formats/librispeech';
import { findMlsLanguageDirs } from './formats/mls';
import { isDirectory, isFile } from './fsutil';
import type { Format } from './types';

/** A layout and the folder or file its importer reads. */
export interface Detected {
  format: Format;
  root: string;
}

async function detectFile(file: string): Promise<Detected | null> {
  const name = basename(file).toLowerCase();
  const dir = dirname(file);
  if (name === 'wav.scp' || name === 'text' || name === 'utt2spk' || name === 'segments')
    return { format: 'kaldi', root: dir };
  if (name === 'transcripts.txt') return { format: 'mls', root: dirname(dir) };
  if (name.endsWith('.trans.txt')) return { format: 'librispeech', root: dir };
  if (JSONL_EXTENSIONS.some((x) => name.endsWith(x))) return { format: 'jsonl', root: file };
  if (name.endsWith('.tsv') && (await isCommonVoiceTable(file))) return { format: 'commonvoice', root: dir };
  if (TABLE_EXTENSIONS.some((x) => name.endsWith(x))) return { format: 'csv', root: file };
  return null;
}

async function detectFolder(dir: string): Promise<Detected | null> {
  if ((await findJsonlManifests(dir)).length > 0) return { format: 'jsonl', root: dir };
  if ((await findKaldiDirs(dir)).length > 0) return { format: 'kaldi', root: dir };
  if ((await findCommonVoiceDirs(dir)).length > 0) return { format: 'commonvoice', root: dir };
  if ((await findMlsLanguageDirs(dir)).length > 0) return { format: 'mls', root: dir };
  if ((await findLibriSpeechTranscripts(dir)).length > 0) return { format: 'librispeech', root: dir };
  if ((await findTables(dir)).length > 0) return { format: 'csv', root: dir };
  return null;
}

/**
 * Recognises the corpus layout of a dropped folder or file (a manifest, or a file that belongs to a layout such as
 * `wav.scp`). Folders are tried as: JSONL manifests, Kaldi, Common Voice, MLS, LibriSpeech, CSV/TSV manifests.
 * Returns null when nothing matches.
 */
export async function detectDataset(path: string): Promise<Detected | null> {
  const abs = resolve(path);
  if (await isDirectory(abs)) return detectFolder(abs);
  if (await isFile(abs)) return detectFile(abs);
  return null;
}

/** The layout of a folder or file, or null when it is not a recognised corpus. */
export async function detectFormat(path: string): Promise<Format | null> {
  return (await detectDataset(path))?.format ?? null;
}
