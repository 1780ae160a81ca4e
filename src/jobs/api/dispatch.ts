import {
  channels,
  isChannelName,
  type ApiResult,
  type ChannelName,
  type ParsedRequestOf,
  type ResponseOf,
} from '../../shared/api';
import type { HandlerContext } from './context';
import { apiErrorOf, issuesOf } from './errors';

export type Handler<C extends ChannelName> = (
  request: ParsedRequestOf<C>,
  ctx: HandlerContext,
) => ResponseOf<C> | Promise<ResponseOf<C>>;

/** The one table that implements the contract; TypeScript checks that every channel has a handler. */
export type HandlerTable = { [C in ChannelName]: Handler<C> };

/**
 * Validate a payload against its channel's schema, run the handler and wrap the outcome. Never throws:
 * every failure becomes a typed error payload (domain errors keep their kind, see `apiErrorOf`), and only
 * unexpected ones — `internal` — are logged with their stack.
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
    const known = apiErrorOf(error);
    if (known) return { ok: false, error: known.toPayload() };
    log(`api: '${channelName}' failed: ${(error as Error).stack ?? String(error)}`);
    return { ok: false, error: { code: 'internal', message: (error as Error).message ?? String(error) } };
  }
}
