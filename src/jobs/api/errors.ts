import { ZodError } from 'zod';
import { AudioDecodeError, InvalidConfigError } from '../../engine';
import { ApiError } from '../../shared/api';
import { TestSetMismatchError } from '../results';

export function issuesOf(error: ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => ({ path: issue.path.join('.') || '(payload)', message: issue.message }));
}

/**
 * The contract error a failure stands for — the one place where domain errors get their code: an API error as
 * thrown, a payload or config that fails its schema → `invalid_request` with the fields, an audio file that cannot
 * be read or decoded → `undecodable_audio` naming the file, a paired comparison of runs scored on different test
 * sets → `invalid_request` naming the difference. Anything else is a bug: undefined here, `internal`
 * for the caller.
 */
export function apiErrorOf(error: unknown): ApiError | undefined {
  if (error instanceof ApiError) return error;
  if (error instanceof ZodError) return new ApiError('invalid_request', error.message, issuesOf(error));
  if (error instanceof InvalidConfigError)
    return new ApiError('invalid_request', error.message, error.issues);
  if (error instanceof AudioDecodeError) return new ApiError('undecodable_audio', error.message);
  if (error instanceof TestSetMismatchError) return new ApiError('invalid_request', error.message);
  return undefined;
}
