import type { AppContext } from '../../../jobs/app-context';
import { EXIT, type CliIo } from '../../command';
import { followJob } from './follow';
import { jobOutcome } from './outcome';

/** Wait for several jobs in order, with progress; the first that does not succeed decides the exit code. */
export async function followAll(app: AppContext, jobIds: string[], io: CliIo): Promise<number> {
  for (const jobId of jobIds) {
    const job = await followJob(app, jobId, io);
    const code = jobOutcome(job, io, jobId);
    if (code !== EXIT.ok) return code;
  }
  return EXIT.ok;
}
