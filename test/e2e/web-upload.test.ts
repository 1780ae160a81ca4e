import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, relative } from 'node:path';
import { writeTinyCorpus } from './tiny-corpus';
import { browserSkipReason, dropFromDisk, go, SHOTS, startWebHarness, type WebHarness } from './web-harness';
import { tempDir } from '../helpers/tmp';

const skip = browserSkipReason();

/** Every file under a folder, relative to it, with its SHA-256. */
function hashes(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else out[relative(root, path)] = createHash('sha256').update(readFileSync(path)).digest('hex');
    }
  };
  walk(root);
  return out;
}

describe.skipIf(skip !== null)('a corpus from the user’s disk in web mode (Chromium)', () => {
  let web: WebHarness;
  let elsewhere: ReturnType<typeof tempDir>;

  beforeAll(async () => {
    web = await startWebHarness();
    elsewhere = tempDir('pathways-user-disk-');
    await web.page.goto(web.server.url, { timeout: 120_000 });
    await web.page.getByTestId('app-backend').waitFor({ timeout: 60_000 });
  }, 180_000);
  afterAll(async () => {
    await web?.close();
    elsewhere?.cleanup();
  });
  afterEach(async ({ task }) => {
    if (task.result?.state !== 'fail' || !web) return;
    await web.page.screenshot({ path: join(SHOTS, `failed-${task.name.slice(0, 40)}.png`), fullPage: true });
    console.warn(`page errors so far: ${JSON.stringify(web.pageErrors)}`);
  });

  it('uploads a dropped corpus folder into <home>/uploads with progress, byte for byte, and imports it', async () => {
    const { page } = web;
    const corpus = writeTinyCorpus(elsewhere.path);
    await go(page, 'Datasets');
    const seen: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'PUT') seen.push(new URL(request.url()).searchParams.get('path')!);
    });
    await page.evaluate(() => {
      const texts: string[] = [];
      (window as unknown as { progressSeen: string[] }).progressSeen = texts;
      new MutationObserver(() => {
        const shown = document.querySelector('[data-testid="upload-progress"]')?.textContent;
        if (shown && texts.at(-1) !== shown) texts.push(shown.replace(/\s+/g, ' ').trim());
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await dropFromDisk(page, 'section.dropzone', [corpus.path]);
    const row = page.getByRole('row', { name: /tiny-corpus/ });
    await row.waitFor({ timeout: 90_000 });
    const [dataset] = web.app.store.datasets.list();
    expect(dataset.utterances).toBe(corpus.utterances);
    expect(dataset.problems).toBe(1);
    const uploadsDir = web.app.store.layout.uploads;
    const [uploadId] = readdirSync(uploadsDir);
    const uploaded = join(uploadsDir, uploadId, 'tiny-corpus');
    expect(dataset.root.startsWith(uploaded)).toBe(true);
    expect(hashes(uploaded)).toEqual(hashes(corpus.path));
    expect(seen.sort()).toEqual(
      Object.keys(hashes(corpus.path))
        .map((p) => `tiny-corpus/${p}`)
        .sort(),
    );
    expect(await page.getByTestId('upload-progress').count()).toBe(0);
    const progress = await page.evaluate(
      () => (window as unknown as { progressSeen: string[] }).progressSeen,
    );
    const files = Object.keys(hashes(corpus.path)).length;
    expect(progress[0]).toMatch(new RegExp(`^Uploading 0 of ${files} files · 0 B of [\\d.]+ KiB \\(0%\\)`));
    expect(progress.at(-1)).toMatch(
      new RegExp(`^Uploading ${files} of ${files} files · ([\\d.]+) KiB of \\1 KiB \\(100%\\)$`),
    );
    expect(web.pageErrors).toEqual([]);
  }, 120_000);

  it('says why an upload over the limit of Settings is refused, and stores nothing', async () => {
    const { page } = web;
    web.app.store.settings.set({ uploadLimitMb: 1 });
    const big = join(elsewhere.path, 'big');
    mkdirSync(big);
    writeFileSync(join(big, 'train.jsonl'), Buffer.alloc(2 * 1024 * 1024, 0x20));
    const before = readdirSync(web.app.store.layout.uploads).length;
    await dropFromDisk(page, 'section.dropzone', [big]);
    await page.getByRole('alert').filter({ hasText: 'over the upload limit of 1.0 MiB' }).waitFor();
    expect(readdirSync(web.app.store.layout.uploads).length).toBe(before);
    web.app.store.settings.set({ uploadLimitMb: 4096 });
    // the refused POST is the only error the page saw (the browser logs every 4xx answer)
    expect(web.pageErrors.splice(0)).toEqual([
      'Failed to load resource: the server responded with a status of 413 (Payload Too Large)',
    ]);
  });

  it('picks a corpus folder with the server-side folder browser instead of typing its path', async () => {
    const { page } = web;
    // a folder outside the browsable roots: the browser says so and shows the home folder instead
    await page.getByTestId('import-path').fill(elsewhere.path);
    await page.getByTestId('browse').click();
    await page.getByText(`path: ${elsewhere.path} is outside the folders the browser may show`).waitFor();
    expect(await page.getByTestId('browser-path').textContent()).toBe(homedir());
    web.pageErrors.splice(0);
    // made browsable in Settings, it opens where the path field points
    await go(page, 'Settings');
    await page.getByTestId('browse-roots').fill(`${elsewhere.path}\n`);
    await page.getByTestId('browse-roots').blur();
    await page.getByRole('status').filter({ hasText: 'saved' }).waitFor();
    await go(page, 'Datasets');
    await page.getByTestId('import-path').fill(elsewhere.path);
    await page.getByTestId('browse').click();
    await page.getByTestId('browser-path').filter({ hasText: elsewhere.path }).waitFor();
    await page.getByTestId('browse-tiny-corpus').click();
    await page
      .getByTestId('browser-path')
      .filter({ hasText: join(elsewhere.path, 'tiny-corpus') })
      .waitFor();
    await page.getByTestId('browse-train.jsonl').waitFor();
    await page.getByTestId('browser-pick').click();
    expect(await page.getByTestId('import-path').inputValue()).toBe(join(elsewhere.path, 'tiny-corpus'));
    expect(await page.getByTestId('folder-browser').count()).toBe(0);
    await page.getByTestId('browse').click();
    await page.getByTestId('browse-train.jsonl').click();
    expect(await page.getByTestId('import-path').inputValue()).toBe(
      join(elsewhere.path, 'tiny-corpus', 'train.jsonl'),
    );
    expect(web.pageErrors).toEqual([]);
  });
});
