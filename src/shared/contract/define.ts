import type { z } from 'zod';

/** One request/response channel of the API: a description and the zod schemas of both payloads. */
export interface ChannelDef<
  Req extends z.ZodTypeAny = z.ZodTypeAny,
  Res extends z.ZodTypeAny = z.ZodTypeAny,
> {
  description: string;
  request: Req;
  response: Res;
}

export function channel<Req extends z.ZodTypeAny, Res extends z.ZodTypeAny>(
  description: string,
  request: Req,
  response: Res,
): ChannelDef<Req, Res> {
  return { description, request, response };
}
