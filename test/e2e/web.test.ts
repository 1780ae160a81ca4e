import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { writeTinyCorpus } from './tiny-corpus';
import {
  browserSkipReason,
  go,
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

/** Call the API over HTTP the way another window or script would. */
function post(server: WebHarness['server'], channel: string, body: object): Promise<Response> {
  return fetch(new URL(`/api/${channel}`, server.url), {
    method: 'POST',
    headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** Open a view from the side navigation (the Runs link's name carries the count of running jobs). */
/** Fill the Pathways form for a tiny run of a few steps and wait until the worker's schemas accept it. */
async function fillTinyRun(page: Page, method: string, name: string, steps = 4): Promise<void> {
  await go(page, 'Pathways');
  const dataset = page.getByRole('checkbox', { name: /tiny-corpus/ });
  await dataset.waitFor();
  if (!(await dataset.isChecked())) await dataset.check();
  await page.getByTestId('method').selectOption(method);
  await page.getByLabel('Model size').selectOption('tiny');
  const fromScratch = method === 'dense' || method === 'dense-small';
  // a run from another run's weights continues that run's schedule; one from scratch gets its own, short one
  if (!fromScratch) await page.getByTestId('lr-source').selectOption('continue');
  for (const [label, value] of [
    ['Name (optional)', name],
    ['Steps', String(steps)],
    ...(fromScratch
      ? [
          ['Warm-up steps', '1'],
          ['Hold steps', '1'],
          ['Decay steps', String(steps - 2)],
        ]
      : []),
  ]) {
    await page.getByLabel(label, { exact: true }).fill(value);
  }
}

async function launchAndWaitQueued(page: Page): Promise<void> {
  try {
    await page.locator('[data-testid="launch"]:not([disabled])').waitFor({ timeout: 10_000 });
  } catch {
    throw new Error(`the launch button stays disabled: ${await page.locator('.launch').innerText()}`);
  }
  await page.getByTestId('launch').click();
  await page.getByRole('status').filter({ hasText: 'queued' }).waitFor();
}

describe.skipIf(skip !== null)('studio in web mode (Chromium)', () => {
  let web: WebHarness;
  const runIdOf = (name: string) => web.app.store.runs.list().find((r) => r.name === name)!.id;

  beforeAll(async () => {
    web = await startWebHarness();
  });
  afterAll(async () => {
    await web?.close();
  });
  afterEach(async ({ task }) => {
    if (task.result?.state !== 'fail' || !web) return;
    await web.page.screenshot({ path: join(SHOTS, `failed-${task.name.slice(0, 40)}.png`), fullPage: true });
    console.warn(`page errors so far: ${JSON.stringify(web.pageErrors)}`);
  });

  it('renders the shell with app info from a real app.info round trip', async () => {
    const { page, server, app } = web;
    await page.goto(server.url, { timeout: 120_000 });
    await page.getByTestId('app-backend').waitFor({ timeout: 60_000 });
    expect((await page.getByTestId('app-backend').textContent())?.trim()).toContain(app.ctx.backend.name);
    expect((await page.getByTestId('app-version').textContent())?.trim()).toBe(app.ctx.version);
    expect(await page.locator('.app-info .home dd').textContent()).toBe(web.app.store.layout.root);
  }, 180_000);

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
    await go(page, 'Settings');
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
    await go(page, 'Datasets');
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
    await go(page, 'Pathways');
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
    await go(page, 'Runs');
    await page.getByTestId('job-table').getByText('import').first().waitFor();
    await page.screenshot({ path: join(SHOTS, 'ui-runs-queue.png'), fullPage: true });
    expect(web.pageErrors).toEqual([]);
  }, 180_000);

  it('launches a real tiny dense run from the Pathways form and watches it train to the end in Runs', async () => {
    const { page, app } = web;
    await fillTinyRun(page, 'dense', 'dense-tiny');
    await launchAndWaitQueued(page);
    await go(page, 'Runs');
    const train = page.getByTestId('job-table').getByRole('row').filter({ hasText: 'train' }).first();
    await train.locator('.state-succeeded').waitFor({ timeout: 120_000 });
    const run = app.store.runs.list().find((r) => r.kind === 'dense')!;
    const loss = app.store.runs.metrics(run.id, ['loss'], 100)[0];
    expect(loss.points.map((p) => p.step)).toEqual([1, 2, 3, 4]);
    await page.screenshot({ path: join(SHOTS, 'ui-runs-trained.png'), fullPage: true });
    expect(web.pageErrors).toEqual([]);
  }, 180_000);

  it('keeps invalid form values from the worker: the field says why and nothing is queued', async () => {
    const { page, app } = web;
    const jobsBefore = app.store.jobs.list({ limit: 1000 }).length;
    await fillTinyRun(page, 'dense', 'never');
    await page.getByTestId('peak-lr').fill('-1');
    await page.getByTestId('peak-lr-error').waitFor();
    expect(await page.getByTestId('peak-lr').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('launch').isDisabled()).toBe(true);
    await page.getByTestId('launch').click({ force: true });
    await page.getByTestId('method').selectOption('pathways');
    expect(await page.getByText(/To launch: .*choose the LSP run whose mask de, fr uses/).count()).toBe(1);
    // The same values sent straight to the API, past the form, are refused before anything is created.
    const response = await post(web.server, 'runs.create', {
      kind: 'dense',
      name: 'never',
      datasetIds: [app.store.datasets.list()[0].id],
      config: { preset: 'tiny', steps: 4, schedule: { kind: 'tri-stage', peak: -1 } },
    });
    expect(response.status).toBe(400);
    const refused = (await response.json()) as { error: { issues: { path: string }[] } };
    expect(refused.error.issues.map((i) => i.path).join()).toMatch(/schedule\.peak/);
    expect(app.store.jobs.list({ limit: 1000 }).length).toBe(jobsBefore);
    expect(app.store.runs.list().some((r) => r.name === 'never')).toBe(false);
    await go(page, 'Runs');
  });

  it('prunes LSP masks per language from the dense run, trains fixed pathways on one LSP run per language, follows run states live', async () => {
    const { page, app } = web;
    const denseId = runIdOf('dense-tiny');
    await fillTinyRun(page, 'lsp-imp', 'lsp');
    await page.getByTestId('parent-run').selectOption(denseId);
    await page.getByRole('slider', { name: 'Sparsity target for fr' }).fill('60');
    await launchAndWaitQueued(page);
    expect(await page.getByRole('status').textContent()).toContain('2 runs queued');
    const lsp = { de: runIdOf('lsp de'), fr: runIdOf('lsp fr') };
    expect(app.store.runs.get(lsp.fr)!.config).toMatchObject({ language: 'fr', sparsity: 0.6 });

    await fillTinyRun(page, 'pathways', 'pathways-tiny');
    for (const language of ['de', 'fr'] as const)
      await page.getByLabel(`Mask source for ${language}`).selectOption(lsp[language]);
    await page.screenshot({ path: join(SHOTS, 'ui-pathways-mask-sources.png'), fullPage: true });
    await launchAndWaitQueued(page);
    const pathwaysId = runIdOf('pathways-tiny');
    expect(app.store.runs.get(pathwaysId)!.config.parentRunIds).toEqual([lsp.de, lsp.fr]);

    // No polling: the run's state in Runs changes through run.changed events only.
    await go(page, 'Runs');
    await page
      .getByTestId(`run-state-${pathwaysId}`)
      .filter({ hasText: 'succeeded' })
      .waitFor({ timeout: 240_000 });
    for (const id of [lsp.de, lsp.fr, pathwaysId]) expect(app.store.runs.get(id)!.state).toBe('succeeded');

    await page.getByRole('button', { name: 'Evaluate dense-tiny' }).click();
    await page.getByRole('button', { name: 'Evaluate pathways-tiny' }).click();
    const evals = page.getByTestId('job-table').getByRole('row').filter({ hasText: 'eval' });
    await evals.nth(1).waitFor();
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('[data-testid="job-table"] tr')].filter(
          (row) => row.textContent?.includes('eval') && row.querySelector('.state-succeeded'),
        ).length === 2,
      undefined,
      { timeout: 180_000 },
    );
    await page.getByRole('checkbox', { name: /pathways-tiny/ }).check();
    await page.getByRole('checkbox', { name: /dense-tiny/ }).check();
    await page.locator('svg[aria-label="Loss"] path').nth(1).waitFor();
    await page.screenshot({ path: join(SHOTS, 'ui-runs-curves.png') });
    expect(web.pageErrors).toEqual([]);
  }, 300_000);

  it('compares the evaluated runs in the results table, sorts it and exports CSV', async () => {
    const { page, app } = web;
    await go(page, 'Results');
    const table = page.getByTestId('results-table');
    await table.waitFor();
    const rows = table.locator('tbody tr');
    expect(await rows.count()).toBe(2);
    const systems = async () => rows.locator('td:first-child').allTextContents();
    expect((await systems()).sort()).toEqual(['dense', 'pathways']);
    const evaluations = app.store.db.prepare('SELECT COUNT(*) AS n FROM evaluations').get() as { n: number };
    expect(evaluations.n).toBe(2);
    const before = await systems();
    await page.getByRole('button', { name: /^Sparsity/ }).click();
    // Descending sparsity puts the pruned system first whatever the WERs of these tiny models are.
    expect(await systems()).toEqual(['pathways', 'dense']);
    await page.getByRole('button', { name: /^Sparsity/ }).click();
    expect(await systems()).toEqual(['dense', 'pathways']);
    expect(before.length).toBe(2);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const csv = await readFile((await download.path())!, 'utf8');
    expect(csv).toContain('pathways');
    await page
      .getByRole('img', { name: /WER per language/ })
      .first()
      .waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(SHOTS, 'ui-results-table.png'), fullPage: true });
  });

  it('follows a reproduction group in Results: its rows only, its progress, and a resume of a stopped job', async () => {
    const { page, app, server } = web;
    const group = 'grp_e2e';
    const lspDe = runIdOf('lsp de');
    for (const runId of [runIdOf('dense-tiny'), runIdOf('pathways-tiny'), lspDe]) {
      const tags = [...app.store.runs.get(runId)!.tags, `group:${group}`];
      expect((await post(server, 'runs.update', { runId, tags })).status).toBe(200);
    }
    const evaluating = await post(server, 'runs.evaluate', { runId: lspDe, maxUtterances: 1 });
    const queued = ((await evaluating.json()) as { value: { jobId: string } }).value;
    expect((await post(server, 'jobs.cancel', { jobId: queued.jobId })).status).toBe(200);

    await page.reload();
    await go(page, 'Results');
    await page.getByLabel('Compare').selectOption(group);
    const panel = page.getByTestId('group-progress');
    await panel.getByText('1 stopped:').waitFor();
    expect(await panel.getByTestId('group-eta').textContent()).toContain(
      'nothing runs until the stopped jobs are resumed',
    );
    // the two evaluated runs of the group; the cancelled evaluation has no row yet
    const rows = page.getByTestId('results-table').locator('tbody tr');
    expect(await rows.count()).toBe(2);
    await page.screenshot({ path: join(SHOTS, 'ui-results-group.png'), fullPage: true });

    await panel.getByRole('button', { name: 'Resume stopped jobs' }).click();
    await panel.getByTestId('group-eta').filter({ hasText: 'finished' }).waitFor({ timeout: 120_000 });
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="results-table"] tbody tr').length === 3,
    );
    expect(app.store.jobs.get(queued.jobId)!.state).toBe('succeeded');
    expect(web.pageErrors).toEqual([]);
  }, 180_000);

  it('shows the pathways run’s real mask overlap: the IoU heatmap overall and per layer', async () => {
    const { page, app } = web;
    const pathwaysId = runIdOf('pathways-tiny');
    const report = app.store.maskReports.get(pathwaysId)!;
    expect(report.languages).toEqual(['de', 'fr']);
    await go(page, 'Masks');
    await page.getByTestId('mask-run').selectOption(pathwaysId);
    await page.getByRole('img', { name: 'Pairwise IoU — overall' }).waitFor();
    const iou = report.overall.pairs[0].iou.toFixed(2);
    expect(await page.locator('text.cell-value').allTextContents()).toEqual(['1.00', iou, iou, '1.00']);
    const layer = report.layers.at(-1)!;
    await page.getByTestId('mask-layer').selectOption(layer.layer);
    await page.getByRole('img', { name: `Pairwise IoU — ${layer.layer}` }).waitFor();
    expect(await page.locator('text.cell-value').nth(1).textContent()).toBe(layer.pairs[0].iou.toFixed(2));
    expect(
      await page.locator('svg[aria-label="Sparsity per layer and language"] rect').count(),
    ).toBeGreaterThan(0);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(SHOTS, 'ui-masks-heatmap.png'), fullPage: true });
  });

  it('reviews one test utterance of the real evaluation: waveform, playback, diff, j/k and A/B against dense', async () => {
    const { page } = web;
    await go(page, 'Review');
    const evaluation = await page
      .getByTestId('evaluation')
      .locator('option', { hasText: 'pathways-tiny' })
      .getAttribute('value');
    await page.getByTestId('evaluation').selectOption(evaluation!);
    const rows = page.getByTestId('review-table').locator('tbody tr');
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="review-table"] tbody tr').length === 2,
    );
    expect((await rows.locator('td:first-child').allTextContents()).sort()).toEqual(['de-2', 'fr-2']);
    await page.getByTestId('filter-language').selectOption('fr');
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="review-table"] tbody tr').length === 1,
    );
    await page.getByTestId('filter-language').selectOption('');
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="review-table"] tbody tr').length === 2,
    );
    await page.locator('[data-testid="waveform"][data-ready="true"]').waitFor();
    expect(await page.getByTestId('audio-error').count()).toBe(0);
    expect(await page.locator('.diff-col').count()).toBeGreaterThan(0);
    await page.locator('body').press(' ');
    await page.getByTestId('play').filter({ hasText: 'Pause' }).waitFor();
    await page.locator('body').press(' ');
    await page.getByTestId('play').filter({ hasText: 'Play' }).waitFor();
    const first = await page.locator('.detail h3').textContent();
    await page.locator('body').press('j');
    await page.waitForFunction(
      (before) => document.querySelector('.detail h3')?.textContent !== before,
      first,
    );
    expect(await rows.nth(1).getAttribute('aria-selected')).toBe('true');
    // Clicking a hypothesis word seeks to it and plays, on whichever test utterance the tiny model said words for.
    let seeked = false;
    for (const i of [1, 0]) {
      await rows.nth(i).click();
      await page.locator('[data-testid="waveform"][data-ready="true"]').waitFor();
      const words = page.locator('.detail .diff').first().locator('.diff-col:not([disabled])');
      if ((await words.count()) === 0) continue;
      await words.first().click();
      await page.getByTestId('play').filter({ hasText: 'Pause' }).waitFor();
      await page.getByTestId('play').click();
      seeked = true;
      break;
    }
    if (!seeked)
      console.warn('click-to-seek not exercised: the tiny model said no word on either test utterance');
    const denseEvaluation = await page
      .getByTestId('compare')
      .locator('option', { hasText: 'dense-tiny' })
      .getAttribute('value');
    await page.getByTestId('compare').selectOption(denseEvaluation!);
    await page.getByText(/^B: dense-tiny/).waitFor();
    await page.locator('.detail .diff').nth(1).waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(SHOTS, 'ui-review-utterance.png'), fullPage: true });
    expect(web.pageErrors).toEqual([]);
  });

  it('shows errors where they happen: undecodable audio, a run and a dataset deleted in another window', async () => {
    const { page, app, server } = web;
    const [dataset] = app.store.datasets.list();
    const deleteElsewhere = async (channel: string, body: object) =>
      expect((await post(server, channel, body)).status).toBe(200);
    await writeFile(join(dataset.root, 'audio', 'fr-2.wav'), 'RIFF this is not audio');
    await go(page, 'Review');
    await page.getByRole('row', { name: /fr-2/ }).click();
    const audioError = page.getByTestId('audio-error');
    await audioError.waitFor();
    expect(await audioError.textContent()).toMatch(/Audio unavailable: .+/);
    await page.screenshot({ path: join(SHOTS, 'ui-review-audio-error.png') });

    await go(page, 'Runs');
    const denseBox = page.getByRole('checkbox', { name: /dense-tiny/ });
    if (!(await denseBox.isChecked())) await denseBox.check();
    await page.locator('svg[aria-label="Loss"] path').first().waitFor();
    await deleteElsewhere('runs.delete', { runId: runIdOf('dense-tiny'), confirm: true });
    await page.getByText('Run “dense-tiny” was deleted').waitFor();
    expect(await page.getByRole('checkbox', { name: /dense-tiny/ }).count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'ui-runs-deleted.png') });

    await go(page, 'Masks');
    await page.getByRole('img', { name: /Pairwise IoU/ }).waitFor();
    await deleteElsewhere('runs.delete', { runId: runIdOf('pathways-tiny'), confirm: true });
    await page.getByText('was deleted').first().waitFor();
    await page.screenshot({ path: join(SHOTS, 'ui-masks-deleted.png') });

    await go(page, 'Datasets');
    await page
      .getByRole('row', { name: /tiny-corpus/ })
      .first()
      .click();
    await page.getByRole('img', { name: /of audio per language/ }).waitFor();
    await deleteElsewhere('datasets.delete', { datasetId: dataset.id });
    await page.getByText('This dataset was deleted').waitFor();
    await page.getByText('No datasets yet').waitFor();
    await page.screenshot({ path: join(SHOTS, 'ui-datasets-deleted.png') });
  });
});
