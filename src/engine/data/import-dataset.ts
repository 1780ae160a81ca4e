import { dirname, resolve } from 'node:path';
import { detectDataset, type Detected } from './detect';
import { importCommonVoice } from './formats/commonvoice';
import { importCsv } from './formats/csv';
import { importJsonl } from './formats/jsonl';
import { importKaldi } from './formats/kaldi';
import { importLibriSpeech } from './formats/librispeech';
import { importMls } from './formats/mls';
import { isDirectory, isFile } from './fsutil';
import type { Format, ImportOptions, ImportResult } from './types';

export interface ImportDatasetOptions extends ImportOptions {
  /** Layout to read, skipping detection. */
  format?: Format;
}

const IMPORTERS: Record<Format, (root: string, opts: ImportOptions) => Promise<ImportResult>> = {
  mls: importMls,
  librispeech: importLibriSpeech,
  commonvoice: importCommonVoice,
  kaldi: importKaldi,
  jsonl: importJsonl,
  csv: importCsv,
};

/** Manifests may be read from a file; every other layout is read from a folder (a file's folder when given a file). */
export async function rootFor(format: Format, path: string): Promise<string> {
  if (format === 'jsonl' || format === 'csv' || (await isDirectory(path))) return path;
  return dirname(path);
}

/** The layout of a folder or file and the root its importer reads: the chosen format's, else the detected one. */
export async function detectLayout(path: string, format?: Format): Promise<Detected | null> {
  const abs = resolve(path);
  return format ? { format, root: await rootFor(format, abs) } : detectDataset(abs);
}

/**
 * Imports a corpus from a folder or manifest: detects (or takes) its layout, reads every item, verifies audio,
 * and returns the utterances that are fine plus one problem per item that is not. Throws only when the path does
 * not exist or its layout can't be recognised.
 */
export async function importDataset(path: string, opts: ImportDatasetOptions = {}): Promise<ImportResult> {
  const abs = resolve(path);
  if (!(await isDirectory(abs)) && !(await isFile(abs))) throw new Error(`no such file or folder: ${abs}`);
  const { format: chosen, ...rest } = opts;
  const detected = await detectLayout(abs, chosen);
  if (!detected) {
    throw new Error(
      `cannot tell the corpus layout of ${abs}: expected MLS, LibriSpeech, Common Voice, a Kaldi data folder, ` +
        'or a JSONL/CSV/TSV manifest (choose the format explicitly if it is one of these)',
    );
  }
  return IMPORTERS[detected.format](detected.root, rest);
}
