/** torchrun's prefix of a rank's teed line: `[default0]:`. */
const RANK_PREFIX = /^\[[^\]]*\d\]:/;
/** The last line of a Python traceback: `ValueError: …`, `torch.distributed…Error: …`. */
const EXCEPTION = /^[\w.]*(Error|Exception|Interrupt)\b:?/;
/** torchrun's summary of a rank that died from a signal or exited: `exitcode  : -9 (pid: 123)`. */
const EXIT_SUMMARY = /(exitcode\s*:\s*-?\d+.*|Signal \d+ \(\w+\) received by PID \d+)/;

/**
 * The reason a torchrun launch failed, from the last lines it printed: a rank's Python exception (which rank),
 * else torchrun's summary of the rank that died (a signal, an exit code), else its last line.
 */
export function failureReason(tail: readonly string[]): string {
  for (let i = tail.length - 1; i >= 0; i--) {
    const rank = RANK_PREFIX.exec(tail[i]);
    const text = tail[i].slice(rank?.[0].length ?? 0).trim();
    if (EXCEPTION.test(text) && !text.startsWith('torch.distributed.elastic'))
      return rank ? `rank ${rank[0].replace(/\D/g, '')}: ${text}` : text;
  }
  const summaries = tail.map((l) => EXIT_SUMMARY.exec(l)?.[1]).filter((s): s is string => s !== undefined);
  if (summaries.length > 0) return summaries.join('; ');
  return tail.at(-1) ?? 'it printed nothing';
}
