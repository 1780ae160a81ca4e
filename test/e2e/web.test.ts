import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeTinyCorpus } from './tiny-corpus';
import { seedFinishedRuns } from './seed-results';
import {
  browserSkipReason,
  horizontalOverflow,
  SHOTS,
  startWebHarness,
  type WebHarness,
} from './web-harness';

const skip = browserSkipReason();
if (skip) console.warn(skip);

const VIEWS = [
  { name: 'datasets', heading: 'Datasets', empty: 'Drop a corpus folder here' },
  { name: 'pathways', heading: 'Pathways', empty: 'Import a dataset first' },
  { name: 'runs', heading: 'Runs', empty: 'Nothing queued' },
  { name: 'results', heading: 'Results', empty: 'No evaluated runs yet' },
  { name: 'masks', heading: 'Masks', empty: 'No pathway masks yet' },
  { name: 'review', heading: 'Review', empty: 'No evaluations to review' },
  { name: 'settings', heading: 'Settings', empty: 'Home folder' },
];

describe.skipIf(skip !== null)('studio in web mode (Chromium)', () => {
  let web: WebHarness;

  beforeAll(async () => {
    web = await startWebHarness();
  });
  afterAll(async () => {
    await web?.close();
  });

  it('renders the shell with app info from a real app.info round trip', async () => {
    const { page, server, app } = web;
    await page.goto(server.url);
    await page.getByTestId('app-backend').waitFor({ timeout: 60_000 });
    expect((await page.getByTestId('app-backend').textContent())?.trim()).toContain(app.ctx.backend.name);
    expect((await page.getByTestId('app-version').textContent())?.trim()).toBe(app.ctx.version);
    expect(await page.locator('.app-info .home dd').textContent()).toBe(web.app.store.layout.root);
  });

  it('visits every view: labelled navigation, empty state, no overflow at 1280×800, a screenshot each', async () => {
    const { page } = web;
    for (const view of VIEWS) {
      await page
        .getByRole('navigation', { name: 'Studio sections' })
        .getByRole('link', { name: view.heading })
        .click();
      await page.getByRole('heading', { level: 2, name: view.heading }).waitFor();
      await page.getByText(view.empty).first().waitFor();
      expect(await page.locator('[aria-current="page"]').textContent()).toContain(view.heading);
      expect(page.url()).toContain(`#/${view.name}`);
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      await page.screenshot({ path: join(SHOTS, `ui-${view.name}.png`) });
    }
    expect(web.pageErrors).toEqual([]);
  });

  it('switches to the dark theme through settings.set and keeps it after a reload', async () => {
    const { page } = web;
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByTestId('theme').selectOption('dark');
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
    expect(web.app.store.settings.get().theme).toBe('dark');
    await page.reload();
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
    await page.screenshot({ path: join(SHOTS, 'ui-settings-dark.png') });
    await page.getByTestId('theme').selectOption('light');
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'light');
  });

  it('imports a generated corpus by server path with live progress, then shows stats, problems and plays audio', async () => {
    const { page } = web;
    const corpus = writeTinyCorpus(web.home);
    await page.getByRole('link', { name: 'Datasets' }).click();
    await page.getByTestId('import-path').fill(corpus.path);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.locator('.job-progress').first().waitFor();
    await page.locator('.job-progress .state-succeeded').first().waitFor({ timeout: 90_000 });
    const row = page.getByRole('row', { name: /tiny-corpus/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('de, fr');
    await row.click();
    await page.getByRole('img', { name: 'Minutes of audio per language' }).waitFor();
    await page.getByRole('cell', { name: 'missing file' }).waitFor();
    expect(await page.locator('svg[aria-label="Utterances per language"] rect').count()).toBe(2);
    const play = page.getByRole('button', { name: /^Play / }).first();
    await play.click();
    await page
      .getByRole('button', { name: /^Play / })
      .filter({ hasText: '■' })
      .waitFor();
    expect(await page.locator('.error-text').count()).toBe(0);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(SHOTS, 'ui-datasets-imported.png'), fullPage: true });
    await page.getByRole('link', { name: 'Pathways' }).click();
    await page.getByText('tiny-corpus').first().waitFor();
    await page.getByRole('checkbox', { name: /tiny-corpus/ }).check();
    await page.getByRole('slider', { name: 'Sparsity target for fr' }).waitFor();
    expect(await page.getByRole('checkbox', { name: 'de', exact: true }).isChecked()).toBe(true);
    const params = page.getByTestId('param-count');
    await params.waitFor();
    const demoCount = await params.textContent();
    await page.getByLabel('Model size').selectOption('tiny');
    await page.waitForFunction(
      (before) => document.querySelector('[data-testid="param-count"]')?.textContent !== before,
      demoCount,
    );
    await page.getByTestId('launch').waitFor();
    await page.screenshot({ path: join(SHOTS, 'ui-pathways-form.png'), fullPage: true });
    await page.getByRole('link', { name: 'Runs', exact: true }).click();
    await page.getByTestId('job-table').getByText('import').first().waitFor();
    await page.screenshot({ path: join(SHOTS, 'ui-runs-queue.png'), fullPage: true });
    expect(web.pageErrors).toEqual([]);
  });

  it('launches a real tiny dense run from the Pathways form and watches it train to the end in Runs', async () => {
    const { page, app } = web;
    await page.getByRole('link', { name: 'Pathways' }).click();
    const dataset = page.getByRole('checkbox', { name: /tiny-corpus/ });
    await dataset.waitFor();
    if (!(await dataset.isChecked())) await dataset.check();
    await page.getByTestId('method').selectOption('dense');
    await page.getByLabel('Model size').selectOption('tiny');
    for (const [label, value] of [
      ['Steps', '4'],
      ['Warm-up steps', '1'],
      ['Hold steps', '1'],
      ['Decay steps', '2'],
    ]) {
      await page.getByLabel(label, { exact: true }).fill(value);
    }
    const launch = page.getByTestId('launch');
    await page.locator('[data-testid="launch"]:not([disabled])').waitFor();
    await launch.click();
    await page.getByRole('status').filter({ hasText: 'queued' }).waitFor();
    await page.getByRole('link', { name: 'Runs', exact: true }).click();
    const train = page.getByTestId('job-table').getByRole('row').filter({ hasText: 'train' }).first();
    await train.locator('.state-succeeded').waitFor({ timeout: 120_000 });
    const run = app.store.runs.list().find((r) => r.kind === 'dense')!;
    const loss = app.store.runs.metrics(run.id, ['loss'], 100)[0];
    expect(loss.points.map((p) => p.step)).toEqual([1, 2, 3, 4]);
    await page.screenshot({ path: join(SHOTS, 'ui-runs-trained.png'), fullPage: true });
    expect(web.pageErrors).toEqual([]);
  });

  it('shows finished runs: overlaid curves, the comparison table, mask overlap and the review of one utterance', async () => {
    const { page, app } = web;
    const [dataset] = app.store.datasets.list();
    seedFinishedRuns(app.store, dataset.id, app.ctx.version);

    await page.getByRole('link', { name: 'Runs', exact: true }).click();
    await page.getByRole('checkbox', { name: /pathways-tiny/ }).check({ timeout: 10_000 });
    await page.getByRole('checkbox', { name: /dense-tiny/ }).check();
    await page.locator('svg[aria-label="Loss"] path').nth(1).waitFor();
    expect(await page.locator('svg[aria-label="WER"] path').count()).toBe(2);
    await page.screenshot({ path: join(SHOTS, 'ui-runs-curves.png') });

    await page.getByRole('link', { name: 'Results' }).click();
    const table = page.getByTestId('results-table');
    await table.waitFor();
    expect(await table.locator('tbody tr').count()).toBe(2);
    expect(await table.locator('tbody tr').first().locator('td').first().textContent()).toBe('pathways');
    await page.getByRole('button', { name: /^Avg WER/ }).click();
    expect(await table.locator('tbody tr').first().locator('td').first().textContent()).toBe('dense');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const csv = await readFile((await download.path())!, 'utf8');
    expect(csv).toContain('pathways');
    await page.screenshot({ path: join(SHOTS, 'ui-results-table.png') });

    await page.getByRole('link', { name: 'Masks' }).click();
    await page.getByRole('img', { name: 'Pairwise IoU — overall' }).waitFor();
    expect(await page.locator('text.cell-value').allTextContents()).toEqual(['1.00', '0.62', '0.62', '1.00']);
    await page.getByTestId('mask-layer').selectOption('joiner');
    await page.getByRole('img', { name: 'Pairwise IoU — joiner' }).waitFor();
    expect(await page.locator('text.cell-value').nth(1).textContent()).toBe('0.70');
    await page.screenshot({ path: join(SHOTS, 'ui-masks-heatmap.png') });

    await page.getByRole('link', { name: 'Review' }).click();
    const rows = page.getByTestId('review-table').locator('tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(6);
    const denseEval = await page
      .getByTestId('evaluation')
      .locator('option', { hasText: 'dense-tiny' })
      .getAttribute('value');
    await page.getByTestId('evaluation').selectOption(denseEval!);
    await page.waitForFunction(() => document.querySelector('.detail h3') !== null);
    await page.getByTestId('filter-error-type').selectOption('deletion');
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="review-table"] tbody tr').length === 2,
    );
    await page.getByTestId('filter-error-type').selectOption('');
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="review-table"] tbody tr').length === 6,
    );
    await page.locator('.diff-col').first().waitFor();
    await page.locator('[data-testid="waveform"][data-ready="true"]').waitFor();
    expect(await page.getByTestId('audio-error').count()).toBe(0);
    const first = await page.locator('.detail h3').textContent();
    await page.locator('body').press('j');
    await page.waitForFunction(
      (before) => document.querySelector('.detail h3')?.textContent !== before,
      first,
    );
    expect(await rows.nth(1).getAttribute('aria-selected')).toBe('true');
    expect(
      await page.locator('.diff-col.substitution, .diff-col.insertion, .diff-col.deletion').count(),
    ).toBeGreaterThan(0);
    await page.getByTestId('compare').selectOption({ index: 1 });
    await page.getByText(/^B: /).waitFor();
    await page.locator('.detail .diff').nth(1).waitFor();
    await page.screenshot({ path: join(SHOTS, 'ui-review-utterance.png') });
    expect(web.pageErrors).toEqual([]);
  });

  it('shows errors where they happen: undecodable audio in place of the waveform, a dataset deleted elsewhere', async () => {
    const { page, app, server } = web;
    const [dataset] = app.store.datasets.list();
    await writeFile(join(dataset.root, 'audio', 'fr-0.wav'), 'RIFF this is not audio');
    await page.getByRole('link', { name: 'Review' }).click();
    await page.getByRole('row', { name: /fr-0/ }).click();
    const audioError = page.getByTestId('audio-error');
    await audioError.waitFor();
    expect(await audioError.textContent()).toMatch(/Audio unavailable: .+/);
    await page.screenshot({ path: join(SHOTS, 'ui-review-audio-error.png') });

    await page.getByRole('link', { name: 'Datasets' }).click();
    await page
      .getByRole('row', { name: /tiny-corpus/ })
      .first()
      .click();
    await page.getByRole('img', { name: /of audio per language/ }).waitFor();
    const response = await fetch(new URL('/api/datasets.delete', server.url), {
      method: 'POST',
      headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ datasetId: dataset.id }),
    });
    expect(response.status).toBe(200);
    await page.getByText('This dataset was deleted').waitFor();
    await page.getByText('No datasets yet').waitFor();
    await page.screenshot({ path: join(SHOTS, 'ui-datasets-deleted.png') });
  });
});
