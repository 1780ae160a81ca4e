import type { HypothesisRecord, Store } from '../../../src/store';
import { compareRuns, denseStartTag, groupTag } from '../../../src/jobs/results';
import { formatComparison } from '../../../src/jobs/exports';
import { systemSpec } from '../../../src/shared/api';
import { storePerSuite } from '../../helpers/temp-store';
import { groupRuns } from './group-runs';

/** One utterance with `we` word errors of 10 words and `ce` character errors of 10 characters. */
function hyp(key: string, language: string, we: number, ce: number): HypothesisRecord {
  return {
    utteranceKey: key,
    language,
    reference: 'a b',
    hypothesis: 'a b',
    wordErrors: we,
    refWords: 10,
    charErrors: ce,
    refChars: 10,
    tokens: [],
  };
}

describe('comparison table of a reproduction group', () => {
  const suite = storePerSuite();
  let store: Store;
  beforeAll(() => (store = suite.store));

  const G = 'grp_test';
  const { run, evaluate } = groupRuns(() => store, G);
  const compute = (runId: string, steps: number, audioSeconds: number) =>
    store.runs.addMetrics(runId, [
      { name: 'train_steps', step: steps, value: steps },
      { name: 'audio_seconds', step: steps, value: audioSeconds },
    ]);

  it('pools LSP languages per seed, adds the mask runs to pathways compute, and reports sd and min–max', () => {
    const start = run('dense', 0, {}, [groupTag(G), denseStartTag(G)]);
    evaluate(start, [hyp('u1', 'en', 5, 5), hyp('u2', 'fr', 5, 5)]);
    compute(start, 100, 3600);
    // seed averages (WER): dense 0.3 and 0.2; LSP 0.15 and 0.35; pathways 0.1 and 0.3
    const scores: Record<string, [number, number][]> = {
      dense: [
        [2, 4],
        [1, 3],
      ],
      lsp: [
        [1, 2],
        [3, 4],
      ],
      pathways: [
        [1, 1],
        [3, 3],
      ],
    };
    for (const [i, seed] of [1, 2].entries()) {
      const dense = run('dense', seed, { system: 'dense', parentRunIds: [start] });
      evaluate(dense, [hyp('u1', 'en', scores.dense[i][0], 2), hyp('u2', 'fr', scores.dense[i][1], 2)]);
      compute(dense, 6, 60);
      const lsp = ['en', 'fr'].map((language, k) => {
        const id = run('lsp', seed, { system: 'lsp', language, parentRunIds: [start] });
        evaluate(id, [hyp(`u${k + 1}`, language, scores.lsp[i][k], 1)]);
        compute(id, 4, 10);
        return id;
      });
      const pathways = run('pathways', seed, { system: 'pathways', parentRunIds: lsp });
      evaluate(pathways, [
        hyp('u1', 'en', scores.pathways[i][0], 1),
        hyp('u2', 'fr', scores.pathways[i][1], 1),
      ]);
      compute(pathways, 6, 80);
      const matched = run('dense', seed, { system: 'dense', computeMatched: true, parentRunIds: [start] });
      evaluate(matched, [hyp('u1', 'en', 1, 1), hyp('u2', 'fr', 1, 1)]);
      compute(matched, 14, 140);
    }
    run('lap', 1, { system: 'lap' }, []); // not in the group

    const table = compareRuns(store, { groupId: G });
    const rows = Object.fromEntries(table.rows.map((r) => [`${r.system}${r.computeMatched ? '*' : ''}`, r]));
    expect(Object.keys(rows).sort()).toEqual(['dense', 'dense*', 'dense-start', 'lsp', 'pathways']);

    expect(rows['dense-start'].seedCount).toBe(1);
    expect(rows['dense-start'].toldLanguage).toBe(false);
    expect(rows.lsp.seedCount).toBe(2);
    expect(rows.lsp.seeds).toEqual([1, 2]);
    expect(rows.lsp.toldLanguage).toBe(true);
    expect(rows.lsp.perLanguage.en.wer).toBeCloseTo(0.2, 12);
    expect(rows.lsp.perLanguage.fr.wer).toBeCloseTo(0.3, 12);
    expect(rows.lsp.werRange!.min).toBeCloseTo(0.15, 12);
    expect(rows.lsp.werRange!.max).toBeCloseTo(0.35, 12);
    expect(rows.lsp.werSpread).toBeCloseTo(Math.SQRT2 * 0.1, 12);
    // LSP per seed: both languages' runs; pathways: its own + its LSP parents'; compute-matched: its own
    expect(rows.lsp.steps).toBe(8);
    expect(rows.lsp.audioHoursSeen).toBeCloseTo(20 / 3600, 12);
    expect(rows.pathways.steps).toBe(6);
    expect(rows.pathways.stepsWithMaskRuns).toBe(14);
    expect(rows.pathways.audioHoursWithMaskRuns).toBeCloseTo(100 / 3600, 12);
    expect(rows['dense*'].steps).toBe(14);
    expect(rows['dense*'].stepsWithMaskRuns).toBe(14);

    // dense: avg WER 0.25, CER 0.2 (all seeds); pathways: WER 0.2, CER 0.1
    expect(rows.dense.cerSpread).toBeCloseTo(0, 12);
    expect(rows.pathways.relWerVsDense).toBeCloseTo(-0.2, 12);
    expect(rows.pathways.relCerVsDense).toBeCloseTo(-0.5, 12);
    expect(rows.pathways.relWerVsLap).toBeNull();
    // against the compute-matched Dense (WER 0.1, CER 0.1) too; there is no compute-matched LAP here
    expect(rows.pathways.relWerVsDenseMatched).toBeCloseTo(1, 12);
    expect(rows.pathways.relCerVsDenseMatched).toBeCloseTo(0, 12);
    expect(rows.dense.relWerVsDenseMatched).toBeCloseTo(1.5, 12);
    expect(rows['dense*'].relWerVsDenseMatched).toBeCloseTo(0, 12);
    expect(rows.pathways.relWerVsLapMatched).toBeNull();
    expect(rows.pathways.relCerVsLapMatched).toBeNull();

    const md = formatComparison(table, 'markdown');
    const header = md.split('\n')[0];
    for (const column of [
      'told language',
      'compute-matched',
      'steps incl. mask runs',
      'WER sd %',
      'WER min–max %',
    ])
      expect(header).toContain(column);
    expect(md).toMatch(/sample standard deviation \(sd\) and min–max/);
    expect(md.split('\n').find((l) => l.startsWith('| lsp |'))).toContain('| 15.00–35.00 |');
    const cellsOf = (line: string) =>
      line
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim());
    const columns = cellsOf(md.split('\n')[0]);
    const pathwaysCells = cellsOf(md.split('\n').find((l) => l.startsWith('| pathways |'))!);
    expect(pathwaysCells[columns.indexOf('rel. WER vs matched Dense %')]).toBe('+100.0');
    expect(pathwaysCells[columns.indexOf('rel. CER vs matched LAP %')]).toBe('');
    // each row of a table system says what it is, in the report too
    expect(rows['dense*'].label).toBe(systemSpec('dense', true)!.label);
    expect(md).toContain(`\n- dense (compute-matched): ${systemSpec('dense', true)!.label}\n`);
    expect(md).toContain(`\n- lsp: ${systemSpec('lsp', false)!.label}\n`);
    const json = JSON.parse(formatComparison(table, 'json')) as typeof table;
    expect(json.rows.find((r) => r.system === 'pathways')!.stepsWithMaskRuns).toBe(14);
  });

  it('states the language sampling scheme each system trained with', () => {
    const group = 'grp_sampling';
    const tags = [groupTag(group)];
    for (const seed of [1, 2]) {
      const uniform = run('dense', seed, { system: 'dense', sampling: { scheme: 'uniform' } }, tags);
      evaluate(uniform, [hyp('u1', 'en', 1, 1)]);
      const tempered = run(
        'pathways',
        seed,
        { system: 'pathways', sampling: { scheme: 'temperature', temperature: 2 } },
        tags,
      );
      evaluate(tempered, [hyp('u1', 'en', 1, 1)]);
    }
    const unnamed = run('lap', 1, { system: 'lap' }, tags);
    evaluate(unnamed, [hyp('u1', 'en', 1, 1)]);
    const table = compareRuns(store, { groupId: group });
    const sampling = Object.fromEntries(table.rows.map((r) => [r.system, r.sampling]));
    expect(sampling).toEqual({ dense: 'uniform', pathways: 'temperature T=2', lap: null });
    const md = formatComparison(table, 'markdown').split('\n');
    const column = md[0].split(' | ').indexOf('sampling');
    expect(column).toBeGreaterThan(0);
    const cellOf = (system: string) => md.find((l) => l.startsWith(`| ${system} |`))!.split(' | ')[column];
    expect([cellOf('dense'), cellOf('pathways'), cellOf('lap')]).toEqual(['uniform', 'temperature T=2', '']);
    // the table describes a reproduction's systems; a run made by hand only shares the name
    expect(table.rows.find((r) => r.system === 'lap')!.label).toBe(systemSpec('lap', false)!.label);
    const byHand = run('lap', 1, { system: 'lap' }, []);
    evaluate(byHand, [hyp('u1', 'en', 1, 1)]);
    expect(compareRuns(store, { runIds: [byHand] }).rows[0].label).toBeNull();
  });
});
