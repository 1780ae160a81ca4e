/** torchrun's prefix of a rank's teed line: `[default0]:`. */
const RANK_PREFIX = /^\[\D*(\d+)\]:/;
/** The last line of a Python traceback: `ValueError: …`, `torch.distributed…Error: …`. */
const EXCEPTION = /^[\w.]*(Error|Exception|Interrupt)\b:?/;

/** A rank's exception lines (its rank, the text), and torchrun's own, newest last. */
function exceptions(tail: readonly string[]): { rank: string | undefined; text: string }[] {
  return tail
    .map((line) => {
      const prefix = RANK_PREFIX.exec(line);
      return { rank: prefix?.[1], text: line.slice(prefix?.[0].length ?? 0).trim() };
    })
    .filter((e) => EXCEPTION.test(e.text) && !e.text.startsWith('torch.distributed.elastic'));
}

/** The fields of torchrun's "Root Cause (first observed failure)" block: rank, exitcode, traceback. */
function rootCause(tail: readonly string[]): Record<string, string> | undefined {
  const at = tail.findLastIndex((l) => l.startsWith('Root Cause'));
  if (at < 0) return undefined;
  const fields: Record<string, string> = {};
  for (const line of tail.slice(at + 1)) {
    const field = /^\s+(\w+)\s*:\s*(.*)$/.exec(line);
    if (field) fields[field[1]] = field[2].trim();
    else if (line.startsWith('====')) break;
  }
  return fields;
}

/**
 * The reason a torchrun launch failed, from the last lines it printed: the rank torchrun names as the root cause
 * with the signal that killed it or its Python exception; without a root cause (torchrun itself failed), the last
 * exception printed; else the last line.
 */
export function failureReason(tail: readonly string[]): string {
  const cause = rootCause(tail);
  const rank = cause?.rank?.split(' ')[0];
  if (cause && rank !== undefined) {
    if (cause.traceback?.startsWith('Signal')) return `rank ${rank} was killed (${cause.traceback})`;
    const own = exceptions(tail).findLast((e) => e.rank === rank);
    return own
      ? `rank ${rank}: ${own.text}`
      : `rank ${rank} exited with code ${cause.exitcode?.split(' ')[0]}`;
  }
  const last = exceptions(tail).at(-1);
  if (last) return last.rank ? `rank ${last.rank}: ${last.text}` : last.text;
  return tail.at(-1) ?? 'it printed nothing';
}
