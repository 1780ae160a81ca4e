import { backendFromEnv, selectBackend } from '../../engine';
import type { JobIo } from '../kinds/kind';

/** Select the tfjs backend the supervisor asked for (PATHWAYS_BACKEND) before any tensor is made. */
export async function useBackend(io: JobIo): Promise<void> {
  const choice = await selectBackend(backendFromEnv());
  io.log(`backend ${choice.name}${choice.skipped.length ? ` (skipped: ${choice.skipped.join('; ')})` : ''}`);
}
