import WebSocket from 'ws';
import type { Store } from '../../src/store';
import { startWebServer, type WebServer } from '../../src/server';
import { handlers } from '../../src/jobs/api/handlers';
import type { EventHub } from '../../src/jobs/api/events';
import type { HandlerContext } from '../../src/jobs/api/context';
import { serveStore, type ServedStore } from './served-store';

function base(server: WebServer): string {
  return `http://127.0.0.1:${server.port}`;
}

/** Open a socket; resolves with the socket once open, or with the HTTP status that refused the upgrade. */
function openSocket(url: string): Promise<{ socket: WebSocket; refusedWith?: number }> {
  const socket = new WebSocket(url);
  return new Promise((resolve, reject) => {
    socket.on('open', () => resolve({ socket }));
    socket.on('unexpected-response', (request, response) => {
      request.destroy();
      resolve({ socket, refusedWith: response.statusCode });
    });
    socket.on('error', reject);
  });
}

describe('web mode server', () => {
  let served: ServedStore;
  let store: Store;
  let server: WebServer;
  let hub: EventHub;

  beforeAll(async () => {
    served = await serveStore();
    ({ store, server, hub } = served);
  });
  afterAll(() => served.close());

  it('prints a loopback URL carrying the token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(server.token.length).toBeGreaterThanOrEqual(32);
  });

  it('answers 401 and executes nothing without the right token', async () => {
    const attempts: Record<string, string>[] = [
      {},
      { Authorization: 'Bearer wrong' },
      { Cookie: `pathways_token_${server.port}=wrong` },
    ];
    for (const headers of attempts) {
      const response = await fetch(`${base(server)}/api/settings.set`, {
        method: 'POST',
        headers: { ...headers, 'Content-Type': 'application/json' },
        body: JSON.stringify({ theme: 'dark' }),
      });
      expect(response.status).toBe(401);
    }
    expect(store.settings.get().theme).toBe('system');
    expect((await fetch(`${base(server)}/`)).status).toBe(401);
  });

  it('serves the contract over HTTP with the token, with typed errors', async () => {
    const auth = { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' };
    const ok = await fetch(`${base(server)}/api/settings.set`, {
      method: 'POST',
      headers: auth,
      body: '{"theme":"light"}',
    });
    expect(await ok.json()).toMatchObject({ ok: true, value: { theme: 'light' } });
    const bad = await fetch(`${base(server)}/api/settings.set`, {
      method: 'POST',
      headers: auth,
      body: '{"theme":"pink"}',
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      ok: false,
      error: { code: 'invalid_request', issues: [{ path: 'theme' }] },
    });
    const notJson = await fetch(`${base(server)}/api/app.info`, { method: 'POST', headers: auth, body: '{' });
    expect(notJson.status).toBe(400);
  });

  it('the first visit with ?token= sets an HttpOnly cookie for this port that authorises same-origin requests', async () => {
    const first = await fetch(`${base(server)}/api/app.info?token=${server.token}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    const cookie = first.headers.get('set-cookie')!;
    expect(cookie).toMatch(new RegExp(`^pathways_token_${server.port}=.*; HttpOnly; SameSite=Strict`));
    const sameOrigin = await fetch(`${base(server)}/api/app.info`, {
      method: 'POST',
      body: '{}',
      headers: { Cookie: cookie.split(';')[0], Origin: base(server), 'Content-Type': 'application/json' },
    });
    expect(sameOrigin.status).toBe(200);
    // a cookie alone never authorises a state change: pages of any port of this host send it
    const noOrigin = await fetch(`${base(server)}/api/app.info`, {
      method: 'POST',
      body: '{}',
      headers: { Cookie: cookie.split(';')[0], 'Content-Type': 'application/json' },
    });
    expect(noOrigin.status).toBe(403);
  });

  it('closes a socket without the token, serves one with it, and pushes events', async () => {
    expect((await openSocket(`ws://127.0.0.1:${server.port}/ws`)).refusedWith).toBe(401);
    expect((await openSocket(`ws://127.0.0.1:${server.port}/ws?token=wrong`)).refusedWith).toBe(401);

    const { socket } = await openSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`);
    expect(socket.readyState).toBe(WebSocket.OPEN);
    const messages: unknown[] = [];
    const received = new Promise<void>((resolve) =>
      socket.on('message', (raw) => {
        messages.push(JSON.parse(raw.toString()));
        if (messages.length === 2) resolve();
      }),
    );
    socket.send(JSON.stringify({ id: 7, channel: 'settings.get', payload: {} }));
    hub.emit('dataset.changed', { datasetId: 'ds_x', change: 'created' });
    await received;
    expect(messages).toContainEqual({
      id: 7,
      result: { ok: true, value: expect.objectContaining({ theme: 'light' }) },
    });
    expect(messages).toContainEqual({
      event: 'dataset.changed',
      payload: { datasetId: 'ds_x', change: 'created' },
    });
    socket.close();
  });

  it('refuses a non-loopback address unless explicitly allowed', async () => {
    const ctx = { store } as unknown as HandlerContext;
    await expect(startWebServer({ ctx, table: handlers, hub, host: '0.0.0.0' })).rejects.toThrow(
      /loopback only/,
    );
  });
});
