// @vitest-environment happy-dom
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { ApiError } from '../../src/shared/api';
import {
  createWsClient,
  socketUrl,
  type SocketLike,
  type WsClient,
} from '../../src/renderer/client/ws-client';

/** A small server speaking the web-mode protocol: echoes app.info, fails on demand, pushes events. */
async function protocolServer() {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const received: { id: number; channel: string; payload: unknown }[] = [];
  let silent = false;
  server.on('connection', (socket) => {
    socket.on('message', (raw) => {
      const message = JSON.parse(raw.toString()) as { id: number; channel: string; payload: unknown };
      received.push(message);
      if (silent) return;
      const result =
        message.channel === 'settings.set'
          ? {
              ok: false,
              error: {
                code: 'invalid_request',
                message: 'bad settings',
                issues: [{ path: 'concurrency', message: 'too small' }],
              },
            }
          : { ok: true, value: { channel: message.channel, echo: message.payload } };
      socket.send(JSON.stringify({ id: message.id, result }));
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `ws://127.0.0.1:${port}/ws`,
    received,
    setSilent: (value: boolean) => (silent = value),
    push: (event: string, payload: unknown) =>
      server.clients.forEach((c) => c.send(JSON.stringify({ event, payload }))),
    dropAll: () => server.clients.forEach((c) => c.terminate()),
    clientCount: () => server.clients.size,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const nodeSocket = (url: string) => new WebSocket(url) as unknown as SocketLike;
const until = async (check: () => boolean, ms = 5000) => {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error('condition not reached');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe('WebSocket API client', () => {
  let server: Awaited<ReturnType<typeof protocolServer>>;
  let client: WsClient;
  const statuses: string[] = [];

  beforeEach(async () => {
    server = await protocolServer();
    statuses.length = 0;
    client = createWsClient({
      url: server.url,
      socket: nodeSocket,
      minDelayMs: 20,
      maxDelayMs: 80,
      onStatus: (s) => statuses.push(s),
    });
  });
  afterEach(async () => {
    client.close();
    await server.close();
  });

  it('sends {id, channel, payload} and resolves with the value of the matching reply', async () => {
    const [a, b] = await Promise.all([
      client.invoke('app.info', {}),
      client.invoke('jobs.list', { limit: 5 }),
    ]);
    expect(a).toEqual({ channel: 'app.info', echo: {} });
    expect(b).toEqual({ channel: 'jobs.list', echo: { limit: 5 } });
    expect(new Set(server.received.map((m) => m.id)).size).toBe(2);
  });

  it('rejects with a typed ApiError carrying code and field issues', async () => {
    const error = await client.invoke('settings.set', { concurrency: 0 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('invalid_request');
    expect((error as ApiError).issues).toEqual([{ path: 'concurrency', message: 'too small' }]);
  });

  it('delivers pushed events to listeners until they unsubscribe', async () => {
    const seen: unknown[] = [];
    const off = client.on('job.progress', (payload) => seen.push(payload));
    await client.invoke('app.info', {});
    server.push('job.progress', { jobId: 'j1', step: 3 });
    server.push('job.updated', { id: 'other' });
    await until(() => seen.length === 1);
    off();
    server.push('job.progress', { jobId: 'j1', step: 4 });
    await client.invoke('app.info', {});
    expect(seen).toEqual([{ jobId: 'j1', step: 3 }]);
  });

  it('rejects requests in flight when the connection drops, reconnects, and sends queued requests after', async () => {
    await client.invoke('app.info', {});
    server.setSilent(true);
    const inFlight = client.invoke('jobs.list', {}).catch((caught: unknown) => caught);
    await until(() => server.received.length === 2);
    server.dropAll();
    const error = await inFlight;
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toMatch(/connection .* lost/);
    expect(client.status).toBe('reconnecting');
    server.setSilent(false);
    const afterDrop = await client.invoke('app.info', {});
    expect(afterDrop).toEqual({ channel: 'app.info', echo: {} });
    expect(statuses).toEqual(['open', 'reconnecting', 'open']);
  });

  it('builds the socket URL from the page location, carrying the token', () => {
    expect(socketUrl({ protocol: 'http:', host: '127.0.0.1:8080', search: '?token=a-b_c%2F&x=1' })).toBe(
      'ws://127.0.0.1:8080/ws?token=a-b_c%2F',
    );
    expect(socketUrl({ protocol: 'https:', host: 'h', search: '' })).toBe('wss://h/ws');
  });
});
