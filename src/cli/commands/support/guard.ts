import { ApiError } from '../../../shared/api';
import { EXIT, UsageError, type CliIo } from '../../command';

/**
 * Run a command body, turning API errors into exit codes: not_found → 3, invalid_request → 2 (with the
 * field-named issues), anything else propagates (the CLI prints it and exits 1).
 */
export async function guard(io: CliIo, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof ApiError && error.code === 'not_found') {
      io.err(`${error.message}\n`);
      return EXIT.notFound;
    }
    if (error instanceof ApiError && error.code === 'invalid_request') {
      const details = (error.issues ?? []).map((i) => `\n  ${i.path}: ${i.message}`).join('');
      throw new UsageError(`${error.message}${details}`);
    }
    throw error;
  }
}
