import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const TOKEN_COOKIE = 'pathways_token';

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookieToken(header: string | undefined): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === TOKEN_COOKIE) return rest.join('=');
  }
  return undefined;
}

/** The token a request presents: `?token=`, `Authorization: Bearer`, or the cookie set on first visit. */
export function presentedToken(request: IncomingMessage): { token?: string; viaQuery: boolean } {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const query = url.searchParams.get('token');
  if (query) return { token: query, viaQuery: true };
  const auth = request.headers.authorization;
  if (auth?.startsWith('Bearer ')) return { token: auth.slice(7), viaQuery: false };
  return { token: cookieToken(request.headers.cookie), viaQuery: false };
}

export function isAuthorized(request: IncomingMessage, token: string): boolean {
  const presented = presentedToken(request).token;
  return presented !== undefined && same(presented, token);
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host) || host.startsWith('127.');
}
