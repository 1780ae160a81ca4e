import type { HypothesisRecord, Store } from '../../../src/store';
import { compareRuns, denseStartTag, groupTag } from '../../../src/jobs/results';
import { formatComparison } from '../../../src/jobs/exports';
import type { ComparisonTable } from '../../../src/shared/api';
import { storePerSuite } from '../../helpers/temp-store';
import { groupRuns } from './group-runs';

const EN = ['ds/e1', 'ds/e2', 'ds/e3', 'ds/e4'];
const FR = ['ds/f1', 'ds/f2', 'ds/f3', 'ds/f4'];

/** The utterances of `keys` with these word errors of 10 words (character errors twice as many, of 40). */
const scored = (keys: string[], language: string, errors: number[]): HypothesisRecord[] =>
  keys.map((key, i) => ({
    utteranceKey: key,
    language,
    reference: 'a b',
    hypothesis: 'a b',
    wordErrors: errors[i],
    refWords: 10,
    charErrors: 2 * errors[i],
    refChars: 40,
    tokens: [],
  }));

describe('bootstrap intervals of the comparison table against Dense and LAP', () => {
  const suite = storePerSuite();
  let store: Store;
  let table: ComparisonTable;
  const G = 'grp_ci';
  const { run, evaluate } = groupRuns(() => store, G);

  beforeAll(() => {
    store = suite.store;
    const start = run('dense', 0, {}, [groupTag(G), denseStartTag(G)]);
    evaluate(start, [...scored(EN, 'en', [5, 5, 5, 5]), ...scored(FR, 'fr', [5, 5, 5, 5])]);
    // per utterance over the two seeds, pathways makes one error fewer than dense everywhere
    const dense = [
      [2, 3, 1, 4, 3, 3, 2, 2],
      [4, 3, 3, 2, 1, 3, 4, 2],
    ];
    const pathways = [
      [1, 2, 0, 3, 2, 2, 1, 1],
      [3, 2, 2, 1, 0, 2, 3, 1],
    ];
    for (const [i, seed] of [1, 2].entries()) {
      for (const [system, errors] of [
        ['dense', dense[i]],
        ['pathways', pathways[i]],
      ] as const) {
        const id = run(system, seed, { system });
        evaluate(id, [...scored(EN, 'en', errors.slice(0, 4)), ...scored(FR, 'fr', errors.slice(4))]);
      }
    }
    const lap = run('lap', 1, { system: 'lap' });
    evaluate(lap, [...scored(EN, 'en', [3, 3, 2, 3]), ...scored(FR, 'fr', [2, 3, 3, 2])]);
    for (const [language, keys] of [
      ['en', EN],
      ['fr', FR],
    ] as const)
      evaluate(run('lsp', 1, { system: 'lsp', language }), scored(keys, language, [2, 2, 2, 2]));
    // small dense was scored without e4: no interval for it
    evaluate(run('dense-small', 1, { system: 'dense-small' }), [
      ...scored(EN.slice(0, 3), 'en', [1, 1, 1]),
      ...scored(FR, 'fr', [1, 1, 1, 1]),
    ]);
    table = compareRuns(store, { groupId: G });
  });

  const rowOf = (system: string) => table.rows.find((r) => r.system === system)!;

  it('gives every row its change against Dense and LAP, the point estimate being the table’s own', () => {
    const pathways = rowOf('pathways');
    const vsDense = pathways.deltaVsDense!.bootstrap!;
    expect(vsDense.resamples).toBe(1000);
    expect(vsDense.average.wer.delta).toBeCloseTo(pathways.avgWer - rowOf('dense').avgWer, 12);
    expect(vsDense.average.wer.delta).toBeCloseTo(-0.1, 12);
    expect(vsDense.average.cer.delta).toBeCloseTo(pathways.avgCer - rowOf('dense').avgCer, 12);
    expect(vsDense.perLanguage.fr.wer.delta).toBeCloseTo(-0.1, 12);
    expect(vsDense.average.wer).toMatchObject({ pImprove: 1, significant: true });
    expect(vsDense.average.wer.high).toBeLessThan(0);
    const vsLap = pathways.deltaVsLap!.bootstrap!;
    expect(vsLap.average.wer.delta).toBeCloseTo(pathways.avgWer - rowOf('lap').avgWer, 12);
    expect(vsLap.average.wer.low).toBeLessThanOrEqual(vsLap.average.wer.delta);
    expect(vsLap.average.wer.high).toBeGreaterThanOrEqual(vsLap.average.wer.delta);
    // LSP pairs its languages' runs with Dense's utterances
    expect(rowOf('lsp').deltaVsDense!.bootstrap!.average.wer.delta).toBeCloseTo(
      rowOf('lsp').avgWer - rowOf('dense').avgWer,
      12,
    );
    // Dense's seeds average 11 and 10 errors of 40 words in en and fr; the dense start makes 20 of 40
    expect(rowOf('dense-start').deltaVsDense!.bootstrap!.average.wer.delta).toBeCloseTo(0.5 - 0.2625, 12);
    // a baseline is not compared with itself
    expect(rowOf('dense').deltaVsDense).toBeNull();
    expect(rowOf('dense').deltaVsLap!.bootstrap).not.toBeNull();
    expect(rowOf('lap').deltaVsLap).toBeNull();
  });

  it('refuses the interval of a row scored on other utterances and says which', () => {
    const small = rowOf('dense-small');
    expect(small.deltaVsDense!.bootstrap).toBeNull();
    expect(small.deltaVsDense!.refused).toBe(
      'dense and dense-small were scored on different test sets (en: 4 vs 3 utterances; only in dense: ds/e4): ' +
        'a paired comparison needs the same utterances',
    );
    expect(small.deltaVsLap!.refused).toMatch(/only in lap: ds\/e4/);
  });

  it('carries the intervals into the Markdown, CSV and JSON reports', () => {
    const md = formatComparison(table, 'markdown').split('\n');
    const cells = (line: string) => line.split(' | ').map((c) => c.replace(/^\| |\|$/g, '').trim());
    const header = cells(md[0]);
    const column = (name: string) => header.indexOf(name);
    expect(column('ΔWER vs Dense pts [95 % CI]')).toBeGreaterThan(0);
    const pathways = cells(md.find((l) => l.startsWith('| pathways |'))!);
    expect(pathways[column('ΔWER vs Dense pts [95 % CI]')]).toMatch(/^-10\.00 \[-\d+\.\d\d, -\d+\.\d\d\]\*$/);
    expect(pathways[column('P(better WER) vs Dense')]).toBe('1.000');
    expect(pathways[column('ΔCER vs LAP pts [95 % CI]')]).toMatch(
      /^[+-]\d+\.\d\d \[[+-]\d+\.\d\d, [+-]\d+\.\d\d\]\*?$/,
    );
    const small = cells(md.find((l) => l.startsWith('| dense-small |'))!);
    expect(small[column('ΔWER vs Dense pts [95 % CI]')]).toBe('refused');
    expect(md).toContain(`No interval: ${rowOf('dense-small').deltaVsDense!.refused}.`);
    expect(md.join('\n')).toMatch(/95 % paired bootstrap interval over 1000 resamples/);
    const csv = formatComparison(table, 'csv').split('\r\n');
    expect(csv[0]).toContain('ΔCER vs LAP pts [95 % CI],P(better CER) vs LAP');
    const json = JSON.parse(formatComparison(table, 'json')) as ComparisonTable;
    expect(
      json.rows.find((r) => r.system === 'pathways')!.deltaVsLap!.bootstrap!.perLanguage.en,
    ).toBeDefined();
  });

  it('draws the asked number of resamples', () => {
    const more = compareRuns(store, { groupId: G, resamples: 2000 });
    expect(more.rows.find((r) => r.system === 'pathways')!.deltaVsDense!.bootstrap!.resamples).toBe(2000);
  });
});
