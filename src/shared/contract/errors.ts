import { z } from 'zod';

export const API_ERROR_CODES = [
  'invalid_request',
  'not_found',
  'conflict',
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

/** Result envelope shared by IPC and the WebSocket protocol. */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiErrorPayload };
