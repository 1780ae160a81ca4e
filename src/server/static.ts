import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:net';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

export type Middleware = (request: IncomingMessage, response: ServerResponse, next: () => void) => void;

/** Serve a built renderer folder; unknown paths fall back to index.html (single-page app). */
export function staticFolder(root: string): Middleware {
  const base = resolve(root);
  return (request, response, next) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return next();
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    let file = normalize(join(base, pathname));
    if (!file.startsWith(base + sep) && file !== base) return next();
    if (!existsSync(file) || statSync(file).isDirectory()) file = join(base, 'index.html');
    if (!existsSync(file)) return next();
    response.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(response);
  };
}

/** A loopback port nobody listens on now (the OS picks it). */
function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? done(address.port) : fail(new Error('no port')),
      );
    });
  });
}

/**
 * The renderer as served in web mode: from the sources through Vite in middleware mode when Vite is installed (a
 * development checkout, so a stale build is never served, and edits reload the page), else the built
 * `out/renderer` folder.
 */
export async function rendererMiddleware(
  projectRoot: string,
): Promise<{ middleware: Middleware; close: () => Promise<void> }> {
  const built = join(projectRoot, 'out', 'renderer');
  let vite: typeof import('vite');
  try {
    vite = await import('vite');
  } catch (error) {
    if (existsSync(join(built, 'index.html')))
      return { middleware: staticFolder(built), close: async () => {} };
    throw new Error(
      `no renderer to serve: Vite is not installed (${(error as Error).message}) and ${built} has no build`,
    );
  }
  const vue = (await import('@vitejs/plugin-vue')).default;
  const server = await vite.createServer({
    root: join(projectRoot, 'src', 'renderer'),
    configFile: false,
    plugins: [vue()],
    logLevel: 'warn',
    appType: 'spa',
    // Vite's reload socket gets a port of its own: on its fixed default, a second web-mode instance's pages would
    // reach the first instance's socket and be refused.
    server: { middlewareMode: true, hmr: { host: '127.0.0.1', port: await freePort() } },
  });
  return { middleware: server.middlewares as unknown as Middleware, close: () => server.close() };
}
