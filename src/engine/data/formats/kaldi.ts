import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import type { Candidate, Parsed } from '../candidate';
import { problemAt } from '../candidate';
import { finishImport } from '../finish';
import { isFile, layoutFolders } from '../fsutil';
import { splitFromName } from '../split-names';
import { badLineProblems, readTextFile, shortQuote, splitKeyRest } from '../text';
import type { ImportOptions, ImportResult } from '../types';

/** Kaldi data folders: `root` itself (it holds wav.scp) or its children (`data/` holding train/, test/ …). */
export async function findKaldiDirs(root: string): Promise<string[]> {
  return layoutFolders(root, (dir) => isFile(join(dir, 'wav.scp')));
}

interface Entry {
  value: string;
  line: number;
}

/** A `<key> <value>` table (a repeated key is reported, the first kept); null when the file is absent or unreadable. */
async function readTable(file: string, out: Parsed, required: boolean): Promise<Map<string, Entry> | null> {
  if (!(await isFile(file))) {
    if (required)
      out.problems.push(
        problemAt('missing_file', file, undefined, `Kaldi data folder lacks ${basename(file)}`),
      );
    return null;
  }
  const text = await readTextFile(file);
  if (!text.ok) {
    out.problems.push(problemAt('binary_text', file, undefined, `${file}: ${text.reason}`));
    return null;
  }
  out.problems.push(...badLineProblems(file, text));
  const table = new Map<string, Entry>();
  text.lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const kv = splitKeyRest(line);
    if (!kv) return;
    const first = table.get(kv.key);
    if (first) {
      out.problems.push(
        problemAt('duplicate_id', file, i + 1, `${kv.key} already listed at line ${first.line}`, kv.key),
      );
    } else table.set(kv.key, { value: kv.rest, line: i + 1 });
  });
  return table;
}

/**
 * Where a relative wav.scp path points: Kaldi resolves it against the recipe folder, usually two levels above
 * `data/<set>`; the first of the data folder, its parent and grandparent that holds the file wins.
 */
async function resolveAudio(dataDir: string, path: string): Promise<string> {
  if (isAbsolute(path)) return path;
  const bases = [dataDir, dirname(dataDir), dirname(dirname(dataDir))];
  for (const base of bases) if (await isFile(resolve(base, path))) return resolve(base, path);
  return resolve(dataDir, path);
}

async function parseDataDir(dataDir: string, opts: ImportOptions, out: Parsed): Promise<void> {
  const wavScpFile = join(dataDir, 'wav.scp');
  const textFile = join(dataDir, 'text');
  const wavScp = await readTable(wavScpFile, out, true);
  const text = await readTable(textFile, out, true);
  if (!wavScp || !text) return;
  const utt2spk = await readTable(join(dataDir, 'utt2spk'), out, false);
  const utt2lang = await readTable(join(dataDir, 'utt2lang'), out, false);
  const segmentsFile = join(dataDir, 'segments');
  const segments = await readTable(segmentsFile, out, false);
  const split = splitFromName(basename(dataDir));
  for (const [utt, t] of text) {
    const bad = (kind: 'malformed_row' | 'unsupported', file: string, line: number, msg: string) =>
      out.problems.push(problemAt(kind, file, line, msg, utt));
    let recording = utt;
    let offsetSec: number | undefined;
    let durationSec: number | undefined;
    if (segments) {
      const seg = segments.get(utt);
      const parts = seg?.value.split(/\s+/u) ?? [];
      const start = Number(parts[1]);
      const end = Number(parts[2]);
      if (!seg) {
        bad('malformed_row', textFile, t.line, `utterance ${utt} has no line in segments`);
        continue;
      }
      if (parts.length < 3 || !Number.isFinite(start) || !Number.isFinite(end) || start < 0) {
        bad(
          'malformed_row',
          segmentsFile,
          seg.line,
          `expected "<utt> <recording> <start> <end>", got ${shortQuote(`${utt} ${seg.value}`)}`,
        );
        continue;
      }
      recording = parts[0];
      offsetSec = start;
      durationSec = end === -1 ? undefined : end - start;
    }
    const wav = wavScp.get(recording);
    if (!wav) {
      bad(
        'malformed_row',
        textFile,
        t.line,
        `recording ${recording} of utterance ${utt} has no line in wav.scp`,
      );
      continue;
    }
    if (wav.value.trimEnd().endsWith('|')) {
      bad(
        'unsupported',
        wavScpFile,
        wav.line,
        `piped command in wav.scp is not executed: ${shortQuote(wav.value)}`,
      );
      continue;
    }
    if (/^(?:ark|scp)[,:]|\.ark:\d+$/u.test(wav.value.trim()) || /\s/u.test(wav.value.trim())) {
      bad(
        'unsupported',
        wavScpFile,
        wav.line,
        `only plain audio paths are supported in wav.scp, got ${shortQuote(wav.value)}`,
      );
      continue;
    }
    const c: Candidate = {
      id: utt,
      speaker: utt2spk?.get(utt)?.value.trim() || utt,
      audioPath: await resolveAudio(dataDir, wav.value.trim()),
      transcript: t.value,
      file: textFile,
      line: t.line,
    };
    const language = utt2lang?.get(utt)?.value.trim() || opts.language;
    if (language) c.language = language;
    if (split) c.split = split;
    if (offsetSec !== undefined) c.offsetSec = offsetSec;
    if (durationSec !== undefined) c.durationSec = durationSec;
    out.candidates.push(c);
  }
}

/** Reads Kaldi data folders (wav.scp, text, utt2spk, optional segments and utt2lang); piped wav.scp never runs. */
export async function parseKaldi(root: string, opts: ImportOptions): Promise<Parsed> {
  const out: Parsed = { candidates: [], problems: [] };
  for (const dir of await findKaldiDirs(root)) await parseDataDir(dir, opts, out);
  return out;
}

export async function importKaldi(root: string, opts: ImportOptions = {}): Promise<ImportResult> {
  return finishImport('kaldi', root, await parseKaldi(root, opts), opts);
}
