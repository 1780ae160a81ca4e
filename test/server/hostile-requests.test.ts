import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { Store } from '../../src/store';
import { rendererMiddleware, staticFolder, type WebServer } from '../../src/server';
import { isLoopback } from '../../src/server/auth';
import { tempDir } from '../helpers/tmp';
import { serveStore, type ServedStore } from './served-store';

/** Send raw bytes to the server and resolve with everything it answers before closing (or after 2 s idle). */
function raw(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.setTimeout(2000, () => socket.destroy());
    socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
    socket.write(text);
  });
}

function statusOf(answer: string): number {
  return Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);
}

describe('web mode under hostile input', () => {
  let served: ServedStore;
  let server: WebServer;
  const logged: string[] = [];
  const page = tempDir('pathways-page-');

  beforeAll(async () => {
    writeFileSync(join(page.path, 'index.html'), '<!doctype html><title>studio</title>');
    served = await serveStore({ renderer: staticFolder(page.path), log: (message) => logged.push(message) });
    server = served.server;
  });
  afterAll(async () => {
    await served.close();
    page.cleanup();
  });

  const host = () => `127.0.0.1:${server.port}`;
  const authorised = () => ({ Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' });

  /** The server still answers an ordinary authorised call. */
  async function stillServes(): Promise<void> {
    const response = await fetch(`http://${host()}/api/settings.get`, {
      method: 'POST',
      headers: authorised(),
      body: '{}',
    });
    expect(response.status).toBe(200);
  }

  it.each(['//', '///', '//[', '//:80', '/%E0%A4%A', '/%00', 'http://evil.example/', '*'])(
    'answers GET %s and keeps serving',
    async (target) => {
      const withToken = await raw(
        server.port,
        `GET ${target} HTTP/1.1\r\nHost: ${host()}\r\nAuthorization: Bearer ${server.token}\r\nConnection: close\r\n\r\n`,
      );
      expect(statusOf(withToken)).toBeGreaterThanOrEqual(200);
      expect(statusOf(withToken)).toBeLessThan(500);
      const without = await raw(
        server.port,
        `GET ${target} HTTP/1.1\r\nHost: ${host()}\r\nConnection: close\r\n\r\n`,
      );
      expect([400, 401]).toContain(statusOf(without));
      await stillServes();
    },
  );

  it('refuses a percent-encoded path that does not decode with 400', async () => {
    const answer = await raw(
      server.port,
      `GET /%E0%A4%A HTTP/1.1\r\nHost: ${host()}\r\nAuthorization: Bearer ${server.token}\r\nConnection: close\r\n\r\n`,
    );
    expect(statusOf(answer)).toBe(400);
  });

  it.each(['//', '///', '//[', '/ws/../..'])('refuses a WebSocket upgrade to %s', async (target) => {
    const answer = await raw(
      server.port,
      `GET ${target} HTTP/1.1\r\nHost: ${host()}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n` +
        `Authorization: Bearer ${server.token}\r\n\r\n`,
    );
    expect([400, 404]).toContain(statusOf(answer));
    await stillServes();
  });

  it('answers malformed socket frames and keeps the socket and the server', async () => {
    const socket = new WebSocket(`ws://${host()}/ws?token=${server.token}`);
    await new Promise((resolve, reject) => socket.on('open', resolve).on('error', reject));
    const replies: { id: unknown; result: { ok: boolean; error?: { code: string } } }[] = [];
    socket.on('message', (data) => replies.push(JSON.parse(data.toString())));
    for (const frame of [
      'null',
      '[]',
      '42',
      '"x"',
      '{',
      '{"id":1}',
      '{"id":2,"channel":7}',
      '{"id":3,"channel":"no.such"}',
    ])
      socket.send(frame);
    socket.send(JSON.stringify({ id: 4, channel: 'settings.get', payload: {} }));
    await vi.waitFor(() => expect(replies).toHaveLength(9));
    expect(replies.slice(0, 8).every((reply) => !reply.result.ok)).toBe(true);
    expect(replies.slice(0, 7).every((reply) => reply.result.error?.code === 'invalid_request')).toBe(true);
    expect(replies.find((reply) => reply.id === 4)?.result.ok).toBe(true);
    socket.close();
    await stillServes();
  });

  it('closes a socket that sends a binary frame with 1003, and one over the size cap with 1009', async () => {
    const binary = new WebSocket(`ws://${host()}/ws?token=${server.token}`);
    await new Promise((resolve, reject) => binary.on('open', resolve).on('error', reject));
    const closed = new Promise<number>((resolve) => binary.on('close', (code) => resolve(code)));
    binary.send(Buffer.from([1, 2, 3]));
    expect(await closed).toBe(1003);

    const big = new WebSocket(`ws://${host()}/ws?token=${server.token}`);
    await new Promise((resolve, reject) => big.on('open', resolve).on('error', reject));
    const bigClosed = new Promise<number>((resolve) => big.on('close', (code) => resolve(code)));
    big.send('x'.repeat(10 * 1024 * 1024 + 1));
    expect(await bigClosed).toBe(1009);
    await stillServes();
  });

  it('refuses a body over the limit with 413', async () => {
    const response = await fetch(`http://${host()}/api/settings.set`, {
      method: 'POST',
      headers: authorised(),
      body: 'x'.repeat(10 * 1024 * 1024 + 1),
    }).catch(() => undefined);
    if (response) expect(response.status).toBe(413);
    await stillServes();
  });
});

describe('web mode access is bound to its own origin', () => {
  let served: ServedStore;
  let store: Store;
  let server: WebServer;

  beforeAll(async () => {
    served = await serveStore();
    ({ store, server } = served);
  });
  afterAll(() => served.close());

  const own = () => `http://127.0.0.1:${server.port}`;
  const cookie = () => `pathways_token_${server.port}=${server.token}`;

  /** POST settings.set through node:http, which (unlike fetch) sends a Host header as given. */
  function setTheme(headers: Record<string, string>, body = '{"theme":"dark"}'): Promise<number> {
    return new Promise((resolve, reject) => {
      const call = request(
        { host: '127.0.0.1', port: server.port, path: '/api/settings.set', method: 'POST', headers },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      call.on('error', reject);
      call.end(body);
    });
  }

  it('refuses foreign origins, foreign hosts, cookie-only and non-JSON posts, and changes nothing', async () => {
    const json = { 'Content-Type': 'application/json' };
    // another local web app's page: the browser sends this host's cookies to every port
    expect(await setTheme({ ...json, Cookie: cookie(), Origin: 'http://127.0.0.1:8080' })).toBe(403);
    expect(await setTheme({ ...json, Cookie: cookie(), Origin: 'http://evil.example' })).toBe(403);
    expect(
      await setTheme({ ...json, Authorization: `Bearer ${server.token}`, Origin: 'http://evil.example' }),
    ).toBe(403);
    expect(await setTheme({ ...json, Cookie: cookie() })).toBe(403);
    // a no-cors text/plain post, which needs no preflight
    expect(await setTheme({ 'Content-Type': 'text/plain', Cookie: cookie(), Origin: own() })).toBe(415);
    expect(await setTheme({ Authorization: `Bearer ${server.token}` })).toBe(415);
    // DNS rebinding: a name that resolves here, sent as Host
    expect(await setTheme({ ...json, Authorization: `Bearer ${server.token}`, Host: 'evil.example' })).toBe(
      403,
    );
    expect(
      await setTheme({
        ...json,
        Authorization: `Bearer ${server.token}`,
        Host: `evil.example:${server.port}`,
      }),
    ).toBe(403);
    expect(store.settings.get().theme).toBe('system');

    expect(await setTheme({ ...json, Cookie: cookie(), Origin: own() })).toBe(200);
    expect(await setTheme({ ...json, authorization: `bEaReR ${server.token}` }, '{"theme":"light"}')).toBe(
      200,
    );
    expect(store.settings.get().theme).toBe('light');
  });

  function upgrade(headers: Record<string, string>): Promise<number> {
    const socket = new WebSocket(`ws://127.0.0.1:${server.port}/ws`, { headers });
    return new Promise((resolve, reject) => {
      socket.on('open', () => {
        socket.close();
        resolve(101);
      });
      socket.on('unexpected-response', (request, response) => {
        request.destroy();
        resolve(response.statusCode ?? 0);
      });
      socket.on('error', reject);
    });
  }

  it('opens a socket only for its own origin, or none with the token presented explicitly', async () => {
    expect(await upgrade({ Cookie: cookie(), Origin: 'http://127.0.0.1:8080' })).toBe(403);
    expect(await upgrade({ Cookie: cookie(), Origin: 'http://evil.example' })).toBe(403);
    expect(await upgrade({ Cookie: cookie() })).toBe(403);
    expect(await upgrade({ Authorization: `Bearer ${server.token}`, Host: 'evil.example' })).toBe(403);
    expect(await upgrade({ Cookie: cookie(), Origin: own() })).toBe(101);
    expect(await upgrade({ Authorization: `Bearer ${server.token}` })).toBe(101);
  });

  it('sends CSP, frame and referrer headers on every response', async () => {
    for (const response of [
      await fetch(`${own()}/`),
      await fetch(`${own()}/api/app.info`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' },
        body: '{}',
      }),
    ]) {
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain(`connect-src http://127.0.0.1:${server.port} ws://127.0.0.1:${server.port}`);
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });
});

describe('web mode without --dev serves the built renderer only', () => {
  const project = tempDir();
  let served: ServedStore;
  beforeAll(async () => {
    // A project as a packaged app has it: a built renderer and no sources, plus a file the dev server would expose.
    mkdirSync(join(project.path, 'out', 'renderer'), { recursive: true });
    writeFileSync(join(project.path, 'out', 'renderer', 'index.html'), '<!doctype html><title>built</title>');
    writeFileSync(join(project.path, 'secret.txt'), 'studio.db contents');
    served = await serveStore({ renderer: (await rendererMiddleware(project.path)).middleware });
  });
  afterAll(async () => {
    await served.close();
    project.cleanup();
  });

  it("answers Vite's /@fs/ and /__open-in-editor with the page, never a project file", async () => {
    const { server } = served;
    const origin = `http://127.0.0.1:${server.port}`;
    const auth = { Authorization: `Bearer ${server.token}` };
    for (const path of [
      `/@fs${project.path}/secret.txt`,
      `/__open-in-editor?file=${project.path}/secret.txt`,
    ]) {
      const response = await fetch(origin + path, { headers: auth });
      const body = await response.text();
      expect(body).not.toContain('studio.db contents');
      expect(body).toContain('<title>built</title>');
    }
  });
});

describe('isLoopback', () => {
  it.each(['127.0.0.1', '127.255.0.9', '::1', '[::1]', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1', 'localhost'])(
    'accepts %s',
    (host) => expect(isLoopback(host)).toBe(true),
  );
  it.each([
    '127.0.0.1.evil.com',
    '1270.0.0.1',
    '127.1',
    '::2',
    '0.0.0.0',
    '::',
    '10.0.0.1',
    '128.0.0.1',
    'evil.example',
    '',
  ])('refuses %s', (host) => expect(isLoopback(host)).toBe(false));
});
