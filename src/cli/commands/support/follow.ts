import type { AppContext } from '../../../jobs/app-context';
import { waitForJob } from '../../../jobs/wait';
import type { Job, JobProgress } from '../../../shared/api';
import type { CliIo } from '../../command';

/** A duration as 45s, 12m05s or 3h20m. */
export function duration(sec: number): string {
  const s = Math.round(sec);
  return s >= 3600
    ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`
    : s >= 60
      ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`
      : `${s}s`;
}

/** One progress line: phase, step of total, loss, throughput, ETA. */
export function progressText(p: JobProgress): string {
  const parts = [p.phase, p.total ? `${p.step}/${p.total}` : `${p.step}`];
  if (p.loss !== null) parts.push(`loss ${p.loss.toFixed(4)}`);
  if (p.lr !== null) parts.push(`lr ${p.lr.toExponential(2)}`);
  if (p.throughput !== null) parts.push(`${p.throughput.toFixed(1)}× real time`);
  if (p.etaSec !== null) parts.push(`ETA ${duration(p.etaSec)}`);
  return parts.join('  ');
}

function bar(p: JobProgress, width = 28): string {
  const fraction = p.total ? Math.min(1, p.step / p.total) : 0;
  const filled = Math.round(fraction * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(100 * fraction).toFixed(0).padStart(3)}%`;
}

/**
 * Wait for a job, showing its progress on stderr: a redrawn bar on a terminal, otherwise a plain line at
 * most every `plainEveryMs` (and at every phase change). Ctrl-C stops waiting; the job stays queued and
 * resumes from its checkpoint the next time jobs run in this home folder.
 */
export async function followJob(
  app: AppContext,
  jobId: string,
  io: CliIo,
  options: { quiet?: boolean; plainEveryMs?: number } = {},
): Promise<Job | 'interrupted'> {
  const plainEvery = options.plainEveryMs ?? 2000;
  let lastPlain = 0;
  let lastPhase = '';
  let drew = false;
  const unsubscribe = app.hub.subscribe((event, payload) => {
    if (options.quiet || event !== 'job.progress') return;
    const p = payload as JobProgress;
    if (p.jobId !== jobId) return;
    if (io.isTTY) {
      io.err(`\r${bar(p)}  ${progressText(p)}\x1b[K`);
      drew = true;
    } else if (Date.now() - lastPlain >= plainEvery || p.phase !== lastPhase) {
      io.err(`${progressText(p)}\n`);
      lastPlain = Date.now();
      lastPhase = p.phase;
    }
  });
  let onSignal: () => void = () => {};
  const interrupted = new Promise<'interrupted'>((resolve) => {
    onSignal = () => resolve('interrupted');
    process.once('SIGINT', onSignal);
  });
  try {
    return await Promise.race([waitForJob(app.hub, app.store, jobId), interrupted]);
  } finally {
    process.off('SIGINT', onSignal);
    unsubscribe();
    if (drew) io.err('\n');
  }
}
