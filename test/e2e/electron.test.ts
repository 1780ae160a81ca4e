import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { _electron as electron } from 'playwright-core';
import { projectRoot } from '../../src/jobs/version';
import { tempDir } from '../helpers/tmp';

/** The Electron binary `require('electron')` names, or why there is none. */
function electronBinary(): { path: string } | { reason: string } {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown;
    if (typeof path === 'string' && existsSync(path)) return { path };
    return { reason: `the Electron binary ${String(path)} does not exist` };
  } catch (error) {
    return { reason: `the Electron binary is not installed (${(error as Error).message.split('\n')[0]})` };
  }
}

const binary = electronBinary();
if ('reason' in binary)
  console.warn(`Electron UI test skipped: ${binary.reason}. Web mode is covered by test/e2e/web.test.ts.`);

describe.skipIf('reason' in binary)('studio in Electron', () => {
  it('opens the window with the shell and app info through the preload bridge', async () => {
    const root = projectRoot();
    execFileSync(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], {
      cwd: root,
      stdio: 'inherit',
    });
    const home = tempDir('pathways-electron-');
    const app = await electron.launch({
      executablePath: (binary as { path: string }).path,
      args: [join(root, 'out/main/index.js'), '--no-sandbox'],
      env: { ...process.env, PATHWAYS_HOME: home.path },
    });
    try {
      const page = await app.firstWindow();
      await page.getByTestId('app-backend').waitFor({ timeout: 60_000 });
      expect(await page.locator('.app-info .home dd').textContent()).toBe(home.path);
      for (const name of ['Datasets', 'Runs', 'Settings']) {
        await page.getByRole('link', { name }).click();
        await page.getByRole('heading', { level: 2, name }).waitFor();
      }
      mkdirSync(join(root, 'test-results'), { recursive: true });
      await page.screenshot({ path: join(root, 'test-results', 'electron-shell.png') });
    } finally {
      await app.close();
      home.cleanup();
    }
  });
});
