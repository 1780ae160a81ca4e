import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT } from '../../src/cli/command';
import { groupTag } from '../../src/jobs/results';
import { openStore } from '../../src/store';
import { tempDir } from '../helpers/tmp';
import { storeTinyCorpus } from '../jobs/kinds/tiny-corpus';
import { cliHomeWithTestKinds, runCli } from './run-cli';
import { forceJobState } from '../helpers/job-state';

describe('pathways reproduce flags', () => {
  const home = tempDir();
  afterAll(() => home.cleanup());

  it.each([
    [['--dense-steps', '0'], /--dense-steps must be a whole number ≥ 1/],
    [['--lsp-final-steps=-1'], /--lsp-final-steps must be a whole number ≥ 0/],
    [['--finetune-steps', '2.5'], /--finetune-steps must be a whole number ≥ 1/],
    [['--preset', 'huge'], /--preset must be one of tiny, demo, paper/],
    [['--tokenizer', 'bpe:2'], /--tokenizer must be char or bpe:N/],
  ])('rejects %j as a usage error before opening the home folder', async (flags, message) => {
    const result = await runCli(['reproduce', '--home', home.path, '--dataset', 'ds_1', ...flags]);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(message);
  });
});

describe('pathways reproduce --set', () => {
  const home = tinyCorpusHome('pathways-cli-set-');

  it.each([
    [['--set', 'steps=3'], /config\.steps: set by the reproduction itself/],
    [
      ['--set', 'sampling.scheme=bogus'],
      /the dense-start runs of the reproduction would have an invalid config\n  config\.sampling\.scheme: /,
    ],
  ])('%j is a usage error naming the field, and queues nothing', async (flags, message) => {
    const result = await runCli([...home.reproduce(), ...flags]);
    expect(result.code).toBe(EXIT.usage);
    expect(result.err).toMatch(message);
    const store = openStore(home.path);
    expect(store.runs.list()).toEqual([]);
    store.close();
  });
});

describe('pathways reproduce --status / --resume of a group another process queued', () => {
  const { home, common } = cliHomeWithTestKinds('pathways-cli-group-');

  it('shows where the group stands, then runs what is left (a cancelled job and its blocked dependent too)', async () => {
    const group = 'grp_cli';
    const store = openStore(home);
    const run = (name: string) => {
      const id = store.runs.create({
        name,
        kind: 'dense',
        seed: 1,
        config: {},
        datasetIds: [],
        appVersion: 't',
      }).id;
      store.runs.update(id, { tags: [groupTag(group)] });
      return id;
    };
    const count = (runId: string, steps: number, dependsOn: string[] = []) =>
      store.jobs.create({ kind: 'count', runId, payload: { steps, stepMs: 1 }, dependsOn }).id;
    const done = count(run('done'), 4);
    forceJobState(store, done, 'succeeded');
    const cancelled = count(run('cancelled'), 6, [done]);
    forceJobState(store, cancelled, 'cancelled');
    const blocked = count(run('blocked'), 3, [cancelled]);
    forceJobState(store, blocked, 'blocked', { error: `dependency ${cancelled} was cancelled` });
    const queued = count(run('queued'), 5, [done]);
    store.close();

    const status = await runCli(['reproduce', '--status', group, ...common]);
    expect(status.code, status.err).toBe(EXIT.ok);
    expect(status.out).toMatch(/4 jobs \(1 succeeded, 1 cancelled, 1 blocked, 1 queued\)/);
    expect(status.out).toMatch(/steps 4\/18 \(22\.2 %\)/);
    // no job of the group has both a start and an end time yet
    expect(status.out).toMatch(/time left: unknown/);
    expect(status.out).toMatch(/2 jobs stopped; `pathways reproduce --resume grp_cli`/);
    const asJson = JSON.parse((await runCli(['reproduce', '--status', group, '--json', ...common])).out);
    expect(asJson.jobs.map((j: { jobId: string }) => j.jobId)).toEqual([done, cancelled, blocked, queued]);

    const out = join(home, 'out');
    const resumed = await runCli(['reproduce', '--resume', group, '--out', out, ...common]);
    expect(resumed.code, resumed.err).toBe(EXIT.ok);
    const after = JSON.parse((await runCli(['reproduce', '--status', group, '--json', ...common])).out);
    expect(after).toMatchObject({
      finished: true,
      steps: { done: 18, planned: 18 },
      states: { succeeded: 4 },
    });
    for (const ext of ['md', 'csv', 'json']) expect(existsSync(join(out, `${group}.${ext}`))).toBe(true);

    const missing = await runCli(['reproduce', '--status', 'grp_nope', ...common]);
    expect(missing.code).toBe(EXIT.notFound);
    expect(missing.err).toMatch(/reproduction group 'grp_nope' does not exist/);
  });
});

describe('pathways reproduce on a tiny corpus, start to end', () => {
  const home = tinyCorpusHome('pathways-cli-tiny-');

  it('--dry-run with --systems prints the chosen systems and the wall time of their steps, and queues nothing', async () => {
    const result = await runCli([
      ...home.reproduce(),
      ...['--preset', 'tiny', '--scale', 'smoke', '--seeds', '1,2', '--no-compute-matched'],
      ...['--systems', 'dense,lap,lsp,pathways', '--dense-steps', '3', '--finetune-steps', '2'],
      ...['--lsp-rounds', '2', '--lsp-steps-per-round', '1', '--lsp-final-steps', '1', '--dry-run'],
    ]);
    expect(result.code, result.err).toBe(EXIT.ok);
    // per seed: dense start 3, Dense + F 2, LAP 2 × 1 + 1, LSP 3 for each of the 2 languages, pathways 2: 16 steps
    expect(result.err).toMatch(/one job at a time: 32 training steps × [\d.]+ s/);
    const systems = [...result.err.matchAll(/^(dense|lap|lsp|pathways)\s/gmu)].map((m) => m[1]);
    expect(systems).toEqual(['dense', 'lap', 'lsp', 'pathways']);
    expect(result.err).not.toMatch(/group grp_/);
    const store = openStore(home.path);
    expect([store.runs.list().length, store.jobs.list({ limit: 100 }).length]).toEqual([0, 0]);
    store.close();
  }, 120_000);

  it('prints its expected wall time before any job runs, then trains, evaluates and reports every system', async () => {
    const out = join(home.path, 'report');
    const result = await runCli([
      ...home.reproduce(),
      ...['--preset', 'tiny', '--scale', 'smoke'],
      ...['--seeds', '1', '--no-compute-matched', '--dense-steps', '2', '--finetune-steps', '1'],
      ...[
        '--lsp-rounds',
        '2',
        '--lsp-steps-per-round',
        '1',
        '--lsp-final-steps',
        '0',
        '--eval-utterances',
        '1',
      ],
      ...['--set', 'batchFrames=4000', '--set', 'devUtterances=0', '--out', out],
    ]);
    expect(result.code, result.err).toBe(EXIT.ok);
    // dense start 2, Dense + F 1, LAP 2, one-shot LAP 1, LSP and adaptive LSP 2 each per language, pathways,
    // random and dynamic 1 each, small dense 2 + 1: 20 steps
    const estimate =
      /expected wall time ≈ .+ on cpu, one job at a time: 20 training steps × [\d.]+ s \+ \d+ utterances decoded/;
    expect(result.err).toMatch(estimate);
    expect(result.err.search(estimate)).toBeLessThan(result.err.search(/group grp_/));
    const report = readFileSync(join(out, `${/group (grp_\w+)/.exec(result.err)![1]}.md`), 'utf8');
    for (const system of ['lsp-adaptive', 'pathways-dynamic', 'lap', 'lsp', 'dense-small'])
      expect(report).toContain(system);
  }, 300_000);
});

/** A home folder holding the tiny two-language corpus as a dataset, made before a suite and removed after it. */
function tinyCorpusHome(prefix: string): { path: string; readonly datasetId: string; reproduce(): string[] } {
  const home = tempDir(prefix);
  let datasetId = '';
  beforeAll(() => {
    const store = openStore(home.path);
    datasetId = storeTinyCorpus(store, join(home.path, 'corpus'));
    store.close();
  });
  afterAll(() => home.cleanup());
  return {
    path: home.path,
    get datasetId() {
      return datasetId;
    },
    /** `reproduce` on this home's dataset, on the cpu backend. */
    reproduce: () => ['reproduce', '--home', home.path, '--backend', 'cpu', '--dataset', datasetId],
  };
}
