/**
 * sclite `trn` transcripts: one utterance per line, `text (utterance-id)`. The speaker is the part of
 * the id before its first '-' or '_' (sclite's speaker-utterance convention, `-i spu_id`).
 */

export interface TrnEntry {
  id: string;
  text: string;
  speaker: string;
  /** 1-based line number in the source. */
  line: number;
}

export interface TrnFile {
  entries: TrnEntry[];
  /** Lines that could not be used, each naming source and line; the other lines are still read. */
  problems: string[];
}

export function speakerOf(id: string): string {
  const cut = id.search(/[-_]/u);
  return cut <= 0 ? id : id.slice(0, cut);
}

const LINE = /^(.*?)\s*\(([^()]*)\)\s*$/u;

/** Parse trn text. Blank lines and `;;` comments are skipped; malformed and duplicate ids are reported. */
export function parseTrn(content: string, source = 'trn'): TrnFile {
  const entries: TrnEntry[] = [];
  const problems: string[] = [];
  const seen = new Map<string, number>();
  content.split(/\r?\n/u).forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith(';;')) return;
    const match = LINE.exec(trimmed);
    const id = match?.[2].trim() ?? '';
    if (!match || id === '' || /\s/u.test(id)) {
      problems.push(`${source}:${line}: expected 'text (utterance-id)', got '${trimmed.slice(0, 80)}'`);
      return;
    }
    const first = seen.get(id);
    if (first !== undefined) {
      problems.push(`${source}:${line}: duplicate utterance id '${id}' (first on line ${first}); ignored`);
      return;
    }
    seen.set(id, line);
    entries.push({ id, text: match[1].trim().replace(/\s+/gu, ' '), speaker: speakerOf(id), line });
  });
  return { entries, problems };
}

/** trn text for (id, text) pairs; whitespace inside a text is collapsed to single spaces. */
export function formatTrn(entries: Iterable<{ id: string; text: string }>): string {
  let out = '';
  for (const { id, text } of entries) {
    if (id === '' || /[\s()]/u.test(id)) {
      throw new RangeError(`trn utterance id '${id}' must be non-empty without whitespace or parentheses`);
    }
    const words = text.trim().replace(/\s+/gu, ' ');
    out += words === '' ? `(${id})\n` : `${words} (${id})\n`;
  }
  return out;
}
