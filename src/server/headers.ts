import type { ServerResponse } from 'node:http';

/**
 * Security headers on every response. The policy is the page's own CSP plus what a header alone can say: no
 * framing by any page (`frame-ancestors`, and `X-Frame-Options` for older engines), connections only to this
 * server's own http and ws origin (and any extra sources, e.g. the dev server's reload socket), no referrer.
 */
export function securityHeaders(
  hostHeader: string,
  extraConnect: readonly string[] = [],
): Record<string, string> {
  const connect = [`http://${hostHeader}`, `ws://${hostHeader}`, ...extraConnect].join(' ');
  return {
    'Content-Security-Policy': [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: blob:",
      "media-src 'self' data: blob:",
      "font-src 'self'",
      `connect-src ${connect}`,
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'",
    ].join('; '),
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'X-Content-Type-Options': 'nosniff',
  };
}

export function setHeaders(response: ServerResponse, headers: Record<string, string>): void {
  for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
}
