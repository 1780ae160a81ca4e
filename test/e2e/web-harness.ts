import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createAppContext, type AppContext } from '../../src/jobs/app-context';
import { createSupervisor } from '../../src/jobs/supervisor';
import { handlers } from '../../src/jobs/api/handlers';
import { projectRoot } from '../../src/jobs/version';
import { rendererMiddleware, startWebServer, type WebServer } from '../../src/server';
import { tempDir } from '../helpers/tmp';

export const CHROMIUM = '/usr/bin/chromium';
export const SHOTS = join(projectRoot(), 'test-results');

/** Why the browser tests cannot run here, or null when they can. */
export function browserSkipReason(): string | null {
  return existsSync(CHROMIUM)
    ? null
    : `${CHROMIUM} is missing (apt-get install chromium): web UI tests skipped`;
}

export interface WebHarness {
  app: AppContext;
  server: WebServer;
  browser: Browser;
  page: Page;
  home: string;
  /** Console errors and uncaught page errors seen so far. */
  pageErrors: string[];
  /** Every console message of the page so far (any level), as `type: text`. */
  consoleMessages: string[];
  close(): Promise<void>;
}

/**
 * Web mode in-process (store + supervisor + web server + renderer) and a headless Chromium page at 1280×800.
 * `dev` serves the renderer through Vite's dev server instead of the build, as `pathways web --dev` does.
 */
export async function startWebHarness(options: { dev?: boolean } = {}): Promise<WebHarness> {
  const home = tempDir('pathways-e2e-');
  const app = await createAppContext({
    home: home.path,
    mode: 'web',
    // Two jobs at a time, as on a 2-core laptop: the two LSP runs and the two evaluations run side by side.
    jobs: (store, hub, backend) => createSupervisor({ store, hub, backend, concurrency: 2 }),
  });
  const renderer = await rendererMiddleware(projectRoot(), { dev: options.dev });
  const server = await startWebServer({
    ctx: app.ctx,
    table: handlers,
    hub: app.hub,
    renderer: renderer.middleware,
    connectSources: renderer.connectSources,
    log: () => {},
  });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const pageErrors: string[] = [];
  const consoleMessages: string[] = [];
  page.on('console', (message) => {
    consoleMessages.push(`${message.type()}: ${message.text()}`);
    if (message.type() === 'error') pageErrors.push(message.text());
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  mkdirSync(SHOTS, { recursive: true });
  return {
    app,
    server,
    browser,
    page,
    home: home.path,
    pageErrors,
    consoleMessages,
    close: async () => {
      await browser.close();
      await server.close();
      await renderer.close();
      await app.close();
      home.cleanup();
    },
  };
}

/** Open a view from the navigation by its name. */
export async function go(page: Page, view: string): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Studio sections' })
    .getByRole('link', { name: new RegExp(`^${view}`) })
    .click();
}

/**
 * Drop files or folders from disk onto the element, through Chromium's own drag-and-drop input (DevTools
 * `Input.dispatchDragEvent`): the page sees a real drop whose items are the files, folders walkable by
 * `webkitGetAsEntry`, exactly as from a file manager.
 */
export async function dropFromDisk(page: Page, selector: string, paths: string[]): Promise<void> {
  const box = await page.locator(selector).boundingBox();
  if (!box) throw new Error(`${selector} is not visible`);
  const cdp = await page.context().newCDPSession(page);
  const at = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  const data = { items: [], files: paths, dragOperationsMask: 1 };
  for (const type of ['dragEnter', 'dragOver', 'drop'] as const)
    await cdp.send('Input.dispatchDragEvent', { type, ...at, data });
  await cdp.detach();
}

/** Horizontal overflow of the page and of the main content area, in pixels (0 = fits). */
export function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => {
    const root = document.documentElement;
    const main = document.querySelector('main');
    return Math.max(root.scrollWidth - root.clientWidth, main ? main.scrollWidth - main.clientWidth : 0);
  });
}
