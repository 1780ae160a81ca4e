import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:net';
import { requestTarget } from './auth';

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

/** The request's path, percent-decoded; undefined when it does not decode (`/%E0%A4%A`) or holds a NUL. */
function decodedPath(url: string | undefined): string | undefined {
  const pathname = requestTarget(url)?.pathname;
  if (pathname === undefined) return undefined;
  try {
    const decoded = decodeURIComponent(pathname);
    return decoded.includes('\0') ? undefined : decoded;
  } catch {
    return undefined;
  }
}

/** Serve a built renderer folder; unknown paths fall back to index.html (single-page app). */
export function staticFolder(root: string): Middleware {
  const base = resolve(root);
  return (request, response, next) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return next();
    const pathname = decodedPath(request.url);
    if (pathname === undefined) {
      response.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' });
      response.end('bad path');
      return;
    }
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

/** The newest modification time of the files below a folder (0 when it does not exist). */
function newestChange(folder: string): number {
  if (!existsSync(folder)) return 0;
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** Whether `out/renderer` is missing or older than the renderer's (or the shared contract's) sources. */
function needsBuild(projectRoot: string, built: string): boolean {
  const index = join(built, 'index.html');
  if (!existsSync(index)) return true;
  const sources = Math.max(
    newestChange(join(projectRoot, 'src', 'renderer')),
    newestChange(join(projectRoot, 'src', 'shared')),
  );
  return sources > statSync(index).mtimeMs;
}

async function viteAndVue(): Promise<{
  vite: typeof import('vite');
  vue: typeof import('@vitejs/plugin-vue').default;
}> {
  return { vite: await import('vite'), vue: (await import('@vitejs/plugin-vue')).default };
}

export interface Renderer {
  middleware: Middleware;
  /** Extra `connect-src` sources the page needs (the dev server's reload socket). */
  connectSources: string[];
  close: () => Promise<void>;
}

/**
 * The renderer as served in web mode: the built `out/renderer` folder, built first when it is missing or older than
 * the sources (a checkout with Vite installed; a packaged app ships the build). With `dev`, Vite's dev server in
 * middleware mode instead (edits reload the page) — never by default, since it serves any file under the project
 * root (`/@fs/`) and opens editors (`/__open-in-editor`).
 */
export async function rendererMiddleware(
  projectRoot: string,
  options: { dev?: boolean; log?: (message: string) => void } = {},
): Promise<Renderer> {
  const built = join(projectRoot, 'out', 'renderer');
  const root = join(projectRoot, 'src', 'renderer');
  if (options.dev) return devServer(root);
  if (existsSync(root) && needsBuild(projectRoot, built)) {
    // without Vite (a packaged app) an existing build is served as it is
    const tools = await viteAndVue().catch(() => undefined);
    if (tools) {
      options.log?.(`building the renderer into ${built}`);
      await tools.vite.build({
        root,
        configFile: false,
        plugins: [tools.vue()],
        logLevel: 'warn',
        base: './',
        build: { outDir: built, emptyOutDir: true },
      });
    }
  }
  if (!existsSync(join(built, 'index.html')))
    throw new Error(`no renderer to serve: ${built} has no build and Vite is not installed to make one`);
  return { middleware: staticFolder(built), connectSources: [], close: async () => {} };
}

async function devServer(root: string): Promise<Renderer> {
  const { vite, vue } = await viteAndVue();
  const hmrPort = await freePort();
  const server = await vite.createServer({
    root,
    configFile: false,
    plugins: [vue()],
    logLevel: 'warn',
    appType: 'spa',
    // Pre-bundling would turn wavesurfer's spectrogram plugin's `require('worker_threads')` probe (for Node) into
    // Vite's browser stub, which warns in the console on every start; served as the ES module it is, the probe is
    // inert. electron.vite.config.ts says the same for `npm start`.
    optimizeDeps: { exclude: ['wavesurfer.js'] },
    // Vite's reload socket gets a port of its own: on its fixed default, a second web-mode instance's pages would
    // reach the first instance's socket and be refused.
    server: { middlewareMode: true, hmr: { host: '127.0.0.1', port: hmrPort } },
  });
  return {
    middleware: server.middlewares as unknown as Middleware,
    connectSources: [`ws://127.0.0.1:${hmrPort}`],
    close: () => server.close(),
  };
}
