/**
 * Splits one line of a delimited table. With `quoted` (CSV), fields may be wrapped in double quotes,
 * inside which the delimiter is literal and `""` is a quote; returns null for an unterminated quote.
 * Without it (TSV as Common Voice writes it), quotes are ordinary characters.
 */
export function splitDelimited(line: string, delimiter: string, quoted: boolean): string[] | null {
  if (!quoted) return line.split(delimiter);
  const fields: string[] = [];
  let field = '';
  let i = 0;
  let inQuotes = false;
  while (i < line.length) {
    const ch = line[i];
    if (inQuotes) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (ch === '"') inQuotes = false;
      else field += ch;
    } else if (ch === '"' && field === '') inQuotes = true;
    else if (ch === delimiter) {
      fields.push(field);
      field = '';
    } else field += ch;
    i++;
  }
  if (inQuotes) return null;
  fields.push(field);
  return fields;
}

/** Index of the first header (case-insensitive, trimmed) among `names`, or -1. */
export function findColumn(header: string[], names: string[]): number {
  const lower = header.map((h) => h.trim().toLowerCase());
  for (const n of names) {
    const i = lower.indexOf(n.toLowerCase());
    if (i !== -1) return i;
  }
  return -1;
}
