import { ZodError } from 'zod';
import {
  ApiError,
  channels,
  isChannelName,
  type ApiResult,
  type ChannelName,
  type ParsedRequestOf,
  type ResponseOf,
} from '../../shared/api';
import type { HandlerContext } from './context';

export type Handler<C extends ChannelName> = (
  request: ParsedRequestOf<C>,
  ctx: HandlerContext,
) => ResponseOf<C> | Promise<ResponseOf<C>>;

/** The one table that implements the contract; TypeScript checks that every channel has a handler. */
export type HandlerTable = { [C in ChannelName]: Handler<C> };

function issuesOf(error: ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => ({ path: issue.path.join('.') || '(payload)', message: issue.message }));
}

/**
 * Validate a payload against its channel's schema, run the handler and wrap the outcome. Never throws:
 * every failure becomes a typed error payload, and unexpected ones are logged.
 */
export async function dispatch(
  table: HandlerTable,
  ctx: HandlerContext,
  channelName: string,
  payload: unknown,
  log: (message: string) => void = (message) => console.error(message),
): Promise<ApiResult<unknown>> {
  if (!isChannelName(channelName)) {
    log(`api: unknown channel '${channelName}'`);
    return { ok: false, error: { code: 'invalid_request', message: `unknown channel '${channelName}'` } };
  }
  const def = channels[channelName];
  const parsed = def.request.safeParse(payload ?? {});
  if (!parsed.success) {
    const issues = issuesOf(parsed.error);
    log(
      `api: invalid payload for '${channelName}': ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
    );
    return {
      ok: false,
      error: { code: 'invalid_request', message: `invalid payload for '${channelName}'`, issues },
    };
  }
  try {
    const handler = table[channelName] as (request: unknown, ctx: HandlerContext) => unknown;
    const value = await handler(parsed.data, ctx);
    return { ok: true, value };
  } catch (error) {
    if (error instanceof ApiError) return { ok: false, error: error.toPayload() };
    if (error instanceof ZodError) {
      return {
        ok: false,
        error: { code: 'invalid_request', message: error.message, issues: issuesOf(error) },
      };
    }
    log(`api: '${channelName}' failed: ${(error as Error).stack ?? String(error)}`);
    return { ok: false, error: { code: 'internal', message: (error as Error).message ?? String(error) } };
  }
}

export function notFound(what: string, id: string): ApiError {
  return new ApiError(
    'not_found',
    `${what} '${id}' does not exist (it may have been deleted in another window)`,
  );
}
