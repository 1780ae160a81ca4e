import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { authorizedBy, isLoopback } from './auth';

export interface Refusal {
  status: number;
  code: 'unauthorized' | 'invalid_request';
  message: string;
}

export interface GuardOptions {
  token: string;
  /** The address the server listens on and its port. */
  host: string;
  port: number;
}

/** `host:port` as a Host header spells it (IPv6 in brackets), lower-cased. */
function hostPort(host: string, port: number): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`.toLowerCase();
}

/**
 * The Host headers that name this server: the address it listens on (and `localhost` when that is loopback). A
 * wildcard address (`--allow-remote` on 0.0.0.0 or ::) accepts any IP literal with the right port, never a DNS
 * name, so a page of a domain rebound to this machine is still refused.
 */
export function isOwnHost(header: string | undefined, options: Pick<GuardOptions, 'host' | 'port'>): boolean {
  if (!header) return false;
  const given = header.toLowerCase();
  if (given === hostPort(options.host, options.port)) return true;
  if (isLoopback(options.host) && given === hostPort('localhost', options.port)) return true;
  if (options.host === '0.0.0.0' || options.host === '::') {
    const match = /^\[?([^\]]+?)\]?:(\d+)$/.exec(given);
    return match !== null && isIP(match[1]) !== 0 && Number(match[2]) === options.port;
  }
  return false;
}

/**
 * Whether a request may go on. Every request: a Host naming this server (DNS-rebinding defence) and the token.
 * State changes (`change`: any non-GET request) and socket upgrades (`socket`) also need an `Origin` equal to the
 * server's own, or no Origin at all with the token presented explicitly (query or header, as non-browser clients
 * do): the cookie is sent by the browser from pages of any port of this host and so never suffices alone.
 */
export function refusal(
  request: IncomingMessage,
  kind: 'read' | 'change' | 'socket',
  options: GuardOptions,
): Refusal | undefined {
  const host = request.headers.host;
  if (!isOwnHost(host, options))
    return {
      status: 403,
      code: 'unauthorized',
      message: `Host ${JSON.stringify(host ?? '')} is not this server`,
    };
  const source = authorizedBy(request, options.token, options.port);
  if (!source) return { status: 401, code: 'unauthorized', message: 'missing or wrong token' };
  const origin = request.headers.origin;
  if (origin !== undefined && origin.toLowerCase() !== `http://${host!.toLowerCase()}`)
    return {
      status: 403,
      code: 'unauthorized',
      message: `Origin ${JSON.stringify(origin)} is not this server`,
    };
  if (kind !== 'read' && origin === undefined && source === 'cookie')
    return {
      status: 403,
      code: 'unauthorized',
      message: 'a request without Origin must present the token itself (?token= or Authorization: Bearer)',
    };
  return undefined;
}

/** API posts carry JSON: a `text/plain` or form post (what a cross-site page can send without CORS) is refused. */
export function isJsonRequest(request: IncomingMessage): boolean {
  const type = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  return type === 'application/json';
}
