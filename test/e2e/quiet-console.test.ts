import { browserSkipReason, startWebHarness, type WebHarness } from './web-harness';

const skip = browserSkipReason();
if (skip) console.warn(skip);

/** Open the studio, wait for the shell's real app.info round trip, and give late messages a moment. */
async function messagesAtStart(web: WebHarness): Promise<string[]> {
  await web.page.goto(web.server.url, { timeout: 120_000 });
  await web.page.getByTestId('app-backend').waitFor({ timeout: 60_000 });
  await web.page.waitForTimeout(500);
  // the dev server's own reload client announces its socket at debug level; that is Vite, not the studio
  return web.consoleMessages.filter((m) => !m.startsWith('debug: [vite]'));
}

describe.skipIf(skip !== null)('the renderer starts without console output (Chromium)', () => {
  for (const dev of [false, true]) {
    it(`logs nothing at start with the ${dev ? 'Vite dev server' : 'built renderer'}`, async () => {
      const web = await startWebHarness({ dev });
      try {
        expect(await messagesAtStart(web)).toEqual([]);
      } finally {
        await web.close();
      }
    }, 240_000);
  }
});
