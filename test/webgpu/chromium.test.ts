/**
 * The engine's training step in headless Chromium's own WebGPU (the Electron-window path, minus Node): the page
 * (chromium/page.ts, bundled for the browser with esbuild) trains the tiny preset 4 steps with the pruned loss on
 * webgpu over SwiftShader, and its per-step losses and gradient norms must equal the same run on the cpu backend
 * here in Node within 1e-3 relative.
 */
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import { tf } from '../../src/engine/tf';
import { browserSkipReason, CHROMIUM } from '../e2e/web-harness';
import { tempDir } from '../helpers/tmp';
import { trainCase } from './chromium/training-case';

const skip = browserSkipReason();

/** Node's built-ins as modules whose every member throws: the page's code paths never call them. */
const nodeBuiltinsAbsent: Plugin = {
  name: 'node-builtins-absent',
  setup(b) {
    b.onResolve({ filter: /^node:/ }, (args) => ({ path: args.path, namespace: 'absent' }));
    b.onLoad({ filter: /.*/, namespace: 'absent' }, (args) => ({
      contents: `module.exports = new Proxy({}, { get: (_, key) => key === '__esModule' ? false : () => {
        throw new Error('${args.path} is not in the browser'); } });`,
      loader: 'js',
    }));
  },
};

async function cpuSteps(): Promise<number[][]> {
  await tf.setBackend('cpu');
  return trainCase();
}

describe.skipIf(skip !== null)("the training step in headless Chromium's WebGPU", () => {
  const dir = tempDir('pathways-chromium-webgpu-');
  let server: Server;
  let browser: Browser;
  let url = '';

  beforeAll(async () => {
    await build({
      entryPoints: [join(import.meta.dirname, 'chromium/page.ts')],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      outfile: join(dir.path, 'page.js'),
      plugins: [nodeBuiltinsAbsent],
      logLevel: 'error',
    });
    const files: Record<string, [string, string]> = {
      '/': ['text/html', '<!doctype html><script type="module" src="/page.js"></script>'],
      '/page.js': ['text/javascript', readFileSync(join(dir.path, 'page.js'), 'utf8')],
    };
    server = createServer((req, res) => {
      const file = files[req.url ?? ''];
      res.writeHead(file ? 200 : 404, { 'content-type': file?.[0] ?? 'text/plain' }).end(file?.[1] ?? '');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--enable-unsafe-webgpu',
        '--use-webgpu-adapter=swiftshader',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    server?.close();
    dir.cleanup();
  });

  it('trains 4 tiny-preset steps on webgpu with the losses and gradient norms of cpu', async () => {
    const want = await cpuSteps();
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(url);
    await page.waitForFunction(() => 'trainSteps' in globalThis);
    const got = await page.evaluate(() =>
      (
        globalThis as unknown as {
          trainSteps: (b: string) => Promise<{ backend: string; adapter: string; steps: number[][] }>;
        }
      ).trainSteps('webgpu'),
    );
    expect(errors).toEqual([]);
    expect(got.backend).toBe('webgpu');
    expect(got.adapter).toMatch(/swiftshader/i);
    expect(got.steps).toHaveLength(want.length);
    got.steps.forEach((step, i) =>
      step.forEach((value, j) =>
        expect(Math.abs(value - want[i][j]) / want[i][j], `step ${i + 1}`).toBeLessThan(1e-3),
      ),
    );
  }, 300_000);
});
