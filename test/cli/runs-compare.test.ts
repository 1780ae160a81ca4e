import { EXIT } from '../../src/cli/command';
import type { ComparisonTable, ResponseOf } from '../../src/shared/api';
import { openStore, type HypothesisRecord } from '../../src/store';
import { tempDir } from '../helpers/tmp';
import { runCli } from './run-cli';

/** Utterances of 10 words (40 characters) with these word errors (character errors twice as many). */
const scored = (language: string, errors: number[]): HypothesisRecord[] =>
  errors.map((e, i) => ({
    utteranceKey: `ds_1/${language}-${i}`,
    language,
    reference: 'a b',
    hypothesis: 'a b',
    wordErrors: e,
    refWords: 10,
    charErrors: 2 * e,
    refChars: 40,
    tokens: [],
  }));

describe('pathways runs compare A B: paired bootstrap intervals', () => {
  const home = tempDir('pathways-cli-compare-');
  const common = ['--home', home.path, '--backend', 'cpu'];
  const ids = { dense: '', pathways: '', partial: '' };
  beforeAll(() => {
    const store = openStore(home.path);
    const create = (name: string, hypotheses: HypothesisRecord[]) => {
      const id = store.runs.create({
        name,
        kind: 'dense',
        seed: 1,
        config: { system: name },
        datasetIds: [],
        appVersion: 't',
      }).id;
      store.evaluations.save({ runId: id, datasetId: null, split: 'test', hypotheses });
      return id;
    };
    ids.dense = create('dense', [...scored('en', [3, 2, 4, 3]), ...scored('fr', [2, 2, 3])]);
    ids.pathways = create('pathways', [...scored('en', [2, 1, 3, 2]), ...scored('fr', [1, 1, 2])]);
    ids.partial = create('partial', scored('en', [1, 1, 1]));
    store.close();
  });
  afterAll(() => home.cleanup());

  it('prints the table, then the second run against the first per language and on average', async () => {
    const { code, out } = await runCli(['runs', 'compare', ids.dense, ids.pathways, ...common]);
    expect(code).toBe(EXIT.ok);
    expect(out).toMatch(/^\| system \| seeds \|/);
    const section = out.slice(out.indexOf('Paired bootstrap'));
    expect(section).toContain(
      `Paired bootstrap: ${ids.pathways} − ${ids.dense} on the test split (1000 resamples within each language`,
    );
    const line = (language: string) => section.split('\n').find((l) => l.startsWith(`| ${language} |`))!;
    // one error fewer of 10 words on every utterance: −10 points, better in every resample
    expect(line('en')).toMatch(
      /^\| en \| -10\.00 \[-10\.00, -10\.00\]\* \| 1\.000 \| -5\.00 \[-5\.00, -5\.00\]\* \| 1\.000 \|$/,
    );
    expect(line('average')).toMatch(/^\| average \| -10\.00 \[/);
  });

  it('adds the pairwise intervals to the JSON table and writes them as CSV rows', async () => {
    const json = await runCli([
      'runs',
      'compare',
      ids.dense,
      ids.pathways,
      '--json',
      '--resamples',
      '2000',
      ...common,
    ]);
    expect(json.code).toBe(EXIT.ok);
    const parsed = JSON.parse(json.out) as ComparisonTable & { pairwise: ResponseOf<'results.pairwise'> };
    expect(parsed.rows.map((r) => r.system).sort()).toEqual(['dense', 'pathways']);
    expect(parsed.rows.find((r) => r.system === 'pathways')!.deltaVsDense!.bootstrap!.resamples).toBe(2000);
    expect(parsed.pairwise.runA).toBe(ids.dense);
    expect(parsed.pairwise.bootstrap.resamples).toBe(2000);
    expect(parsed.pairwise.bootstrap.perLanguage.fr.wer.delta).toBeCloseTo(-0.1, 12);
    expect(parsed.pairwise.bootstrap.average.cer).toMatchObject({ pImprove: 1, significant: true });

    const csv = await runCli(['runs', 'compare', ids.dense, ids.pathways, '--format', 'csv', ...common]);
    const lines = csv.out.split('\r\n');
    const header = lines.indexOf(
      'run_a,run_b,language,wer_delta,wer_low,wer_high,wer_p_improve,wer_significant,cer_delta,cer_low,cer_high,' +
        'cer_p_improve,cer_significant',
    );
    expect(header).toBeGreaterThan(2);
    expect(lines[header + 3].startsWith(`${ids.dense},${ids.pathways},average,`)).toBe(true);
  });

  it('refuses runs scored on different utterance lists, naming the difference', async () => {
    const { code, err } = await runCli(['runs', 'compare', ids.dense, ids.partial, ...common]);
    expect(code).toBe(EXIT.usage);
    expect(err).toContain(
      `run ${ids.dense} and run ${ids.partial} were scored on different test sets (en: 4 vs 3 utterances; ` +
        `only in run ${ids.dense}: ds_1/en-3)`,
    );
    expect(
      (await runCli(['runs', 'compare', ids.pathways, ids.dense, '--resamples', '10', ...common])).code,
    ).toBe(EXIT.usage);
  });
});
