import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ApiErrorCode, ApiResult } from '../shared/api';
import { dispatch, type HandlerTable } from '../jobs/api/dispatch';
import type { HandlerContext } from '../jobs/api/context';
import type { EventHub } from '../jobs/api/events';
import { isAuthorized, isLoopback, newToken, presentedToken, TOKEN_COOKIE } from './auth';
import type { Middleware } from './static';

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
const MAX_BODY = 10 * 1024 * 1024;

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) reject(new Error('request body too large'));
      else chunks.push(chunk);
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

/**
 * Web mode: the handler table over HTTP (`POST /api/<channel>`) and a WebSocket (`/ws`) on loopback,
 * every request and socket authorised by a random token, like a notebook server.
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

  const server = createServer((request, response) => {
    void handle(request, response);
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!isAuthorized(request, token)) {
      sendJson(response, 401, {
        ok: false,
        error: { code: 'unauthorized', message: 'missing or wrong token' },
      });
      return;
    }
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (presentedToken(request).viaQuery) {
      response.setHeader('Set-Cookie', `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`);
    }
    if (url.pathname.startsWith('/api/')) {
      if (request.method !== 'POST')
        return sendJson(response, 405, {
          ok: false,
          error: { code: 'invalid_request', message: 'use POST' },
        });
      let payload: unknown;
      try {
        const body = await readBody(request);
        payload = body.length > 0 ? JSON.parse(body) : {};
      } catch (error) {
        return sendJson(response, 400, {
          ok: false,
          error: { code: 'invalid_request', message: (error as Error).message },
        });
      }
      const result = await dispatch(options.table, options.ctx, url.pathname.slice(5), payload, log);
      return sendJson(response, result.ok ? 200 : STATUS[result.error.code], result);
    }
    if (options.renderer) {
      options.renderer(request, response, () =>
        sendJson(response, 404, { ok: false, error: { code: 'not_found', message: url.pathname } }),
      );
      return;
    }
    sendJson(response, 404, { ok: false, error: { code: 'not_found', message: url.pathname } });
  }

  const sockets = new WebSocketServer({ noServer: true });
  server.on('upgrade', (request, socket, head) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path !== '/ws' || !isAuthorized(request, token)) {
      socket.write('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => sockets.emit('connection', ws, request));
  });
  sockets.on('connection', (ws: WebSocket) => {
    ws.on('message', (raw) => {
      void (async () => {
        let message: { id?: unknown; channel?: unknown; payload?: unknown };
        try {
          message = JSON.parse(raw.toString()) as typeof message;
        } catch {
          ws.send(
            JSON.stringify({
              id: null,
              result: { ok: false, error: { code: 'invalid_request', message: 'not JSON' } },
            }),
          );
          return;
        }
        const result: ApiResult<unknown> = await dispatch(
          options.table,
          options.ctx,
          String(message.channel),
          message.payload,
          log,
        );
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id: message.id, result }));
      })();
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
  const port = (server.address() as AddressInfo).port;
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
