import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { ApiErrorCode, ApiResult } from '../shared/api';
import { dispatch, type HandlerTable } from '../jobs/api/dispatch';
import type { HandlerContext } from '../jobs/api/context';
import type { EventHub } from '../jobs/api/events';
import { authorizedBy, isLoopback, newToken, requestTarget, tokenCookie } from './auth';
import { isJsonRequest, isOwnHost, refusal } from './guard';
import { securityHeaders, setHeaders } from './headers';
import type { Middleware } from './static';
import { UploadArea } from './uploads';

export interface WebServerOptions {
  ctx: HandlerContext;
  table: HandlerTable;
  hub: EventHub;
  host?: string;
  port?: number;
  /** Binding to a non-loopback address needs this explicit opt-in; the token is required either way. */
  allowRemote?: boolean;
  token?: string;
  renderer?: Middleware;
  /** Extra `connect-src` sources for the page (the dev server's reload socket). */
  connectSources?: readonly string[];
  log?: (message: string) => void;
}

export interface WebServer {
  url: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

const STATUS: Record<ApiErrorCode, number> = {
  invalid_request: 400,
  not_found: 404,
  conflict: 409,
  undecodable_audio: 422,
  unauthorized: 401,
  internal: 500,
};
/** The largest API body, and so the largest WebSocket frame. */
const MAX_BODY = 10 * 1024 * 1024;

class BodyTooLarge extends Error {}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new BodyTooLarge(`request body over ${MAX_BODY} bytes`));
        request.destroy();
      } else chunks.push(chunk);
    });
    request.on('end', () => resolvePromise(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
  });
  response.end(JSON.stringify(body));
}

function sendError(response: ServerResponse, status: number, code: string, message: string): void {
  sendJson(response, status, { ok: false, error: { code, message } });
}

/** A WebSocket request `{ id, channel, payload }`, or why the frame is not one. */
function socketRequest(
  text: string,
): { id: unknown; channel: string; payload: unknown } | { id: unknown; error: string } {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return { id: null, error: 'not JSON' };
  }
  if (typeof message !== 'object' || message === null || Array.isArray(message))
    return { id: null, error: 'a request is a JSON object { id, channel, payload }' };
  const { id, channel, payload } = message as Record<string, unknown>;
  const replyId = typeof id === 'number' || typeof id === 'string' ? id : null;
  if (typeof channel !== 'string') return { id: replyId, error: 'channel must be a string' };
  return { id: replyId, channel, payload };
}

/**
 * Web mode: the handler table over HTTP (`POST /api/<channel>`) and a WebSocket (`/ws`) on loopback, like a
 * notebook server: every request and socket needs the random token, a Host naming this server and, for state
 * changes and sockets, this server's own Origin (`guard.ts`). No request, upgrade or frame can end the process: each
 * is parsed defensively and runs under a last-resort handler that logs and answers.
 */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopback(host) && !options.allowRemote) {
    throw new Error(
      `refusing to listen on ${host}: web mode binds to loopback only unless --allow-remote is given`,
    );
  }
  const token = options.token ?? newToken();
  const log = options.log ?? ((message: string) => console.error(message));
  let port = 0;
  const guard = () => ({ token, host, port });
  const uploads = new UploadArea(
    options.ctx.store.layout.uploads,
    () => options.ctx.store.settings.get().uploadLimitMb * 1024 * 1024,
  );

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      log(`web: ${request.method} request failed: ${(error as Error)?.stack ?? String(error)}`);
      if (!response.headersSent) sendError(response, 500, 'internal', 'the request failed');
      else response.destroy();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const target = requestTarget(request.url);
    const ownHost = isOwnHost(request.headers.host, guard()) ? request.headers.host! : `${host}:${port}`;
    setHeaders(response, securityHeaders(ownHost, options.connectSources));
    if (!target) return sendError(response, 400, 'invalid_request', 'the request target is not a path');
    const reading = request.method === 'GET' || request.method === 'HEAD';
    const refused = refusal(request, reading ? 'read' : 'change', guard());
    if (refused) return sendError(response, refused.status, refused.code, refused.message);
    const via = authorizedBy(request, token, port);
    if (via === 'query') {
      response.setHeader('Set-Cookie', `${tokenCookie(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`);
    }
    if (target.pathname === '/upload' || target.pathname.startsWith('/upload/'))
      return uploads.handle(request, response, target.pathname, target.query);
    if (target.pathname.startsWith('/api/')) {
      if (request.method !== 'POST') return sendError(response, 405, 'invalid_request', 'use POST');
      if (!isJsonRequest(request))
        return sendError(
          response,
          415,
          'invalid_request',
          'API posts must be Content-Type: application/json',
        );
      let payload: unknown;
      try {
        const body = await readBody(request);
        payload = body.length > 0 ? JSON.parse(body) : {};
      } catch (error) {
        return sendError(
          response,
          error instanceof BodyTooLarge ? 413 : 400,
          'invalid_request',
          (error as Error).message,
        );
      }
      const result = await dispatch(options.table, options.ctx, target.pathname.slice(5), payload, log);
      return sendJson(response, result.ok ? 200 : STATUS[result.error.code], result);
    }
    const notFound = () => sendError(response, 404, 'not_found', target.pathname);
    if (options.renderer) return options.renderer(request, response, notFound);
    notFound();
  }

  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_BODY });
  const refuseUpgrade = (socket: Duplex, status: number, reason: string) => {
    socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    socket.destroy();
  };
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', (error) => log(`web: socket error: ${error.message}`));
    try {
      const target = requestTarget(request.url);
      if (!target || target.pathname !== '/ws') return refuseUpgrade(socket, 404, 'Not Found');
      const refused = refusal(request, 'socket', guard());
      if (refused)
        return refuseUpgrade(socket, refused.status, refused.status === 401 ? 'Unauthorized' : 'Forbidden');
      sockets.handleUpgrade(request, socket, head, (ws) => sockets.emit('connection', ws, request));
    } catch (error) {
      log(`web: upgrade failed: ${(error as Error).stack ?? String(error)}`);
      refuseUpgrade(socket, 400, 'Bad Request');
    }
  });
  sockets.on('connection', (ws: WebSocket) => {
    ws.on('error', (error) => log(`web: websocket error: ${error.message}`));
    const reply = (id: unknown, result: ApiResult<unknown>) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id, result }));
    };
    const answer = async (raw: RawData, binary: boolean) => {
      if (binary) return ws.close(1003, 'text frames only');
      const request = socketRequest(raw.toString());
      if ('error' in request)
        return reply(request.id, { ok: false, error: { code: 'invalid_request', message: request.error } });
      reply(request.id, await dispatch(options.table, options.ctx, request.channel, request.payload, log));
    };
    ws.on('message', (raw, binary) => {
      answer(raw, binary).catch((error: unknown) => {
        log(`web: websocket message failed: ${(error as Error)?.stack ?? String(error)}`);
        reply(null, { ok: false, error: { code: 'internal', message: 'the request failed' } });
      });
    });
  });
  const unsubscribe = options.hub.subscribe((event, payload) => {
    const text = JSON.stringify({ event, payload });
    for (const client of sockets.clients) if (client.readyState === client.OPEN) client.send(text);
  });

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolvePromise());
  });
  port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}/?token=${token}`,
    token,
    port,
    close: async () => {
      unsubscribe();
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      await new Promise<void>((resolvePromise) => server.close(() => resolvePromise()));
    },
  };
}
