import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/**
 * The cookie that lets the page's own asset requests through after the first `?token=` visit. Browsers send a
 * host's cookies to every port of it, so the name carries the port (two instances don't overwrite each other's),
 * and a cookie alone never authorises a state change or a socket: those also need the server's own `Origin`
 * (see `requestGuard`).
 */
export function tokenCookie(port: number): string {
  return `pathways_token_${port}`;
}

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

/** A request target split into path and query without throwing on any input; undefined when it is no path. */
export function requestTarget(
  url: string | undefined,
): { pathname: string; query: URLSearchParams } | undefined {
  const target = url ?? '/';
  if (!target.startsWith('/')) return undefined;
  const mark = target.indexOf('?');
  const pathname = mark < 0 ? target : target.slice(0, mark);
  try {
    return { pathname, query: new URLSearchParams(mark < 0 ? '' : target.slice(mark + 1)) };
  } catch {
    return undefined;
  }
}

export type TokenSource = 'query' | 'header' | 'cookie';

/** The token a request presents: `?token=`, `Authorization: Bearer` (any case), or this port's cookie. */
export function presentedToken(
  request: IncomingMessage,
  port: number,
): { token?: string; source?: TokenSource } {
  const query = requestTarget(request.url)?.query.get('token');
  if (query) return { token: query, source: 'query' };
  const auth = /^bearer +(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  if (auth) return { token: auth[1], source: 'header' };
  const cookie = cookieValue(request.headers.cookie, tokenCookie(port));
  return cookie ? { token: cookie, source: 'cookie' } : {};
}

/** Where the token came from when it is the right one, else undefined. */
export function authorizedBy(request: IncomingMessage, token: string, port: number): TokenSource | undefined {
  const presented = presentedToken(request, port);
  return presented.token !== undefined && same(presented.token, token) ? presented.source : undefined;
}

/** Exactly the loopback addresses: 127.0.0.0/8, ::1, their IPv4-mapped form, and the name localhost. */
export function isLoopback(host: string): boolean {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (bare.toLowerCase() === 'localhost') return true;
  const mapped = /^::ffff:(.+)$/i.exec(bare);
  const address = mapped ? mapped[1] : bare;
  if (isIP(address) === 4) return address.split('.')[0] === '127';
  return isIP(bare) === 6 && new URL(`http://[${bare}]/`).hostname === '[::1]';
}
