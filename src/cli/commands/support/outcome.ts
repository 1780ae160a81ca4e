import type { Job } from '../../../shared/api';
import { EXIT, type CliIo } from '../../command';

/** Exit code and message for a job the command waited for. */
export function jobOutcome(job: Job | 'interrupted', io: CliIo, jobId: string): number {
  if (job === 'interrupted') {
    io.err(
      `interrupted; job ${jobId} stays queued and resumes from its last checkpoint the next time jobs run here\n`,
    );
    return EXIT.interrupted;
  }
  if (job.state === 'succeeded') return EXIT.ok;
  io.err(`job ${job.id} ${job.state}${job.error ? `: ${job.error}` : ''}\n`);
  return EXIT.failure;
}
