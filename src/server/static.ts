import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';

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

/**
 * The renderer as served in web mode: from the sources through Vite in middleware mode when Vite is installed (a
 * development checkout, so a stale build is never served), else the built `out/renderer` folder.
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
    server: { middlewareMode: true, hmr: false },
  });
  return { middleware: server.middlewares as unknown as Middleware, close: () => server.close() };
}
