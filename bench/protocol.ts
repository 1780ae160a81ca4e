/** What one benchmark reports, and how a child process hands it to bench/run.ts. */

export interface BenchResult {
  name: string;
  status: 'ok' | 'skipped' | 'failed';
  /** Why it was skipped or failed. */
  reason?: string;
  /** The headline number of the benchmark, e.g. ms per step or × real time. */
  primary?: { metric: string; value: number; unit: string };
  /** Every number measured, by name (ms, ratios, MiB). */
  metrics: Record<string, number>;
  /** Shapes, sample lists and other context. */
  details?: Record<string, unknown>;
}

export const RESULT_PREFIX = 'BENCH_RESULT ';

/** Peak resident set size of this process so far, in MiB. */
export const peakRssMiB = (): number => process.resourceUsage().maxRSS / 1024;

/** Print the result line that bench/run.ts reads from a child's stdout. */
export function emitResult(result: BenchResult): void {
  const withRss = { ...result, metrics: { ...result.metrics, maxRssMiB: peakRssMiB() } };
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(withRss)}\n`);
}

/** The result line in a child's stdout, or null when there is none. */
export function parseResult(stdout: string): BenchResult | null {
  const line = stdout
    .split('\n')
    .reverse()
    .find((l) => l.startsWith(RESULT_PREFIX));
  return line ? (JSON.parse(line.slice(RESULT_PREFIX.length)) as BenchResult) : null;
}

export const skipped = (name: string, reason: string): BenchResult => ({
  name,
  status: 'skipped',
  reason,
  metrics: {},
});
