import { z } from 'zod';

/**
 * What went wrong, for the caller to act on: `invalid_request` (the payload or a config fails its schema; `issues`
 * name the fields), `not_found` (a run, dataset, job… that does not exist, perhaps deleted in another window),
 * `conflict` (the thing is not in a state that allows it), `undecodable_audio` (a stored audio file cannot be read
 * or decoded; the message names it), `unauthorized`, and `internal` (a bug: anything else).
 */
export const API_ERROR_CODES = [
  'invalid_request',
  'not_found',
  'conflict',
  'undecodable_audio',
  'unauthorized',
  'internal',
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

export const ApiErrorPayloadSchema = z.object({
  code: z.enum(API_ERROR_CODES),
  message: z.string(),
  /** Field-level problems of an invalid payload: dotted path and message. */
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type ApiErrorPayload = z.infer<typeof ApiErrorPayloadSchema>;

/** The typed error every transport delivers to the caller. */
export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly issues?: ApiErrorPayload['issues'];

  constructor(code: ApiErrorCode, message: string, issues?: ApiErrorPayload['issues']) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.issues = issues;
  }

  toPayload(): ApiErrorPayload {
    return { code: this.code, message: this.message, ...(this.issues ? { issues: this.issues } : {}) };
  }

  static fromPayload(payload: ApiErrorPayload): ApiError {
    return new ApiError(payload.code, payload.message, payload.issues);
  }
}

/** The error for a thing that does not exist (or no longer: another window may have deleted it). */
export function notFound(what: string, id: string): ApiError {
  return new ApiError(
    'not_found',
    `${what} '${id}' does not exist (it may have been deleted in another window)`,
  );
}

/** Result envelope shared by IPC and the WebSocket protocol. */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiErrorPayload };
