import { ApiError } from '../../shared/api';

/** A sentence for the user about a failed call, naming what was missing when the thing was deleted elsewhere. */
export function describeError(error: unknown, what = 'item'): string {
  if (error instanceof ApiError) {
    if (error.code === 'not_found')
      return `This ${what} no longer exists (it may have been deleted in another window). ${error.message}`;
    if (error.code === 'invalid_request' && error.issues?.length) {
      return `${error.message}: ${error.issues.map((issue) => `${issue.path || '(request)'}: ${issue.message}`).join('; ')}`;
    }
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
