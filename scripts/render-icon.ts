/**
 * Renders the app icon (resources/icon.svg) to build/icon.png, 1024 × 1024 with a transparent background, in
 * headless Chromium: electron-builder makes every installer's icons from that PNG (the .icns of the dmg, the
 * .ico of NSIS, the hicolor sizes of the AppImage and deb). Run after editing the SVG:
 *
 *   npx tsx scripts/render-icon.ts [--chromium /usr/bin/chromium]
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { projectRoot } from '../src/jobs/version';

const SIZE = 1024;
const { values } = parseArgs({ options: { chromium: { type: 'string', default: '/usr/bin/chromium' } } });
const root = projectRoot();
const svg = readFileSync(join(root, 'resources/icon.svg'), 'utf8');
const browser = await chromium.launch({
  executablePath: values.chromium,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
});
try {
  const page = await browser.newPage({ viewport: { width: SIZE, height: SIZE } });
  await page.setContent(
    `<html><body style="margin:0;background:transparent">` +
      svg.replace('<svg ', `<svg width="${SIZE}" height="${SIZE}" `) +
      `</body></html>`,
  );
  const png = await page.locator('svg').screenshot({ omitBackground: true });
  mkdirSync(join(root, 'build'), { recursive: true });
  writeFileSync(join(root, 'build/icon.png'), png);
  console.log(`build/icon.png: ${SIZE} × ${SIZE}, ${png.length} bytes`);
} finally {
  await browser.close();
}
