import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT } from '../../src/cli/command';
import { openStore } from '../../src/store';
import { tempDir } from '../helpers/tmp';
import { runCli } from './run-cli';

describe('pathways score / export / runs compare', () => {
  const home = tempDir('pathways-cli-export-');
  const common = ['--home', home.path, '--backend', 'cpu'];
  let evaluationId = '';
  beforeAll(() => {
    const store = openStore(home.path);
    const runId = store.runs.create({
      name: 'dense 1',
      kind: 'dense',
      seed: 1,
      config: {},
      datasetIds: [],
      appVersion: 't',
    }).id;
    evaluationId = store.evaluations.save({
      runId,
      datasetId: null,
      split: 'test',
      hypotheses: [
        {
          utteranceKey: 'ds_1/spk1-utt1',
          language: 'fr',
          reference: 'le chat dort',
          hypothesis: 'le chien dort bien',
          wordErrors: 2,
          refWords: 3,
          charErrors: 5,
          refChars: 11,
          tokens: [
            { text: '▁le', startSec: 0.1, endSec: 0.2 },
            { text: '▁chi', startSec: 0.3, endSec: 0.4 },
            { text: 'en', startSec: 0.4, endSec: 0.5 },
          ],
        },
      ],
    });
    store.close();
  });
  afterAll(() => home.cleanup());

  it('scores trn files: 1 substitution + 1 insertion over 3 reference words is 66.67 % WER', async () => {
    writeFileSync(join(home.path, 'ref.trn'), 'a b c (s1-u1)\n');
    writeFileSync(join(home.path, 'hyp.trn'), 'a x c d (s1-u1)\n');
    const { code, out } = await runCli([
      'score',
      '--ref',
      join(home.path, 'ref.trn'),
      '--hyp',
      join(home.path, 'hyp.trn'),
      '--json',
    ]);
    expect(code).toBe(EXIT.ok);
    const score = JSON.parse(out);
    expect([score.substitutions, score.insertions, score.deletions, score.refLength]).toEqual([1, 1, 0, 3]);
    expect(score.werPercent).toBeCloseTo(200 / 3, 10);
    expect(
      (await runCli(['score', '--ref', join(home.path, 'none.trn'), '--hyp', join(home.path, 'hyp.trn')]))
        .code,
    ).toBe(EXIT.usage);
  });

  it('exports an evaluation as sclite trn, icefall errs and word timings', async () => {
    const dir = join(home.path, 'trn');
    expect((await runCli(['export', 'trn', evaluationId, '--out', dir, ...common])).code).toBe(EXIT.ok);
    expect(readFileSync(join(dir, 'ref.trn'), 'utf8')).toBe('le chat dort (spk1-utt1)\n');
    expect(readFileSync(join(dir, 'hyp.trn'), 'utf8')).toBe('le chien dort bien (spk1-utt1)\n');
    const errs = await runCli(['export', 'errs', evaluationId, ...common]);
    expect(errs.out).toContain('spk1-utt1:\tle (chat->chien) dort (*->bien)');
    const labels = await runCli(['export', 'timings', evaluationId, 'ds_1/spk1-utt1', ...common]);
    expect(labels.out).toBe('0.100000\t0.200000\tle\n0.300000\t0.500000\tchien\n');
    const grid = await runCli([
      'export',
      'timings',
      evaluationId,
      'ds_1/spk1-utt1',
      '--format',
      'textgrid',
      ...common,
    ]);
    expect(grid.out).toContain('name = "tokens"');
    expect((await runCli(['export', 'errs', 'eval_nope', ...common])).code).toBe(EXIT.notFound);
  });

  it('writes the comparison report as CSV and Markdown', async () => {
    const csv = await runCli(['runs', 'compare', '--format', 'csv', ...common]);
    expect(csv.code).toBe(EXIT.ok);
    const [header, row] = csv.out.split('\r\n');
    expect(header).toContain('WER fr %');
    expect(row.startsWith('dense,1,no,no,')).toBe(true);
    expect(row).toContain('66.67');
    const out = join(home.path, 'report.md');
    expect((await runCli(['export', 'report', '--out', out, ...common])).code).toBe(EXIT.ok);
    expect(readFileSync(out, 'utf8')).toMatch(/^\| system \| seeds \|/);
  });
});
