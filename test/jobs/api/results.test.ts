import { createAppContext, type AppContext } from '../../../src/jobs/app-context';
import { dispatch } from '../../../src/jobs/api/dispatch';
import { handlers } from '../../../src/jobs/api/handlers';
import { formatComparison } from '../../../src/jobs/exports';
import type { OverlapReport } from '../../../src/shared/api';
import type { HypothesisRecord } from '../../../src/store';
import { recordingJobs } from '../../helpers/recording-jobs';
import { tempDir } from '../../helpers/tmp';

function hyp(
  key: string,
  language: string,
  wordErrors: number,
  refWords: number,
  charErrors = 0,
  refChars = 10,
): HypothesisRecord {
  return {
    utteranceKey: key,
    language,
    reference: 'a b',
    hypothesis: 'a b',
    wordErrors,
    refWords,
    charErrors,
    refChars,
    tokens: [],
  };
}

const REPORT: OverlapReport = {
  languages: ['en', 'fr'],
  prunableWeights: 100,
  overall: {
    pairs: [{ a: 'en', b: 'fr', iou: 0.5 }],
    sharedByAll: 0.2,
    exclusive: { en: 0.1, fr: 0.1 },
    unionDensity: 0.4,
    sparsity: { en: 0.7, fr: 0.7 },
  },
  layers: [],
  history: [],
};

describe('results, masks and review handlers', () => {
  const dir = tempDir();
  let app: AppContext;
  beforeAll(async () => {
    app = await createAppContext({
      home: dir.path,
      mode: 'test',
      backend: 'cpu',
      jobs: (store) => recordingJobs(store),
    });
  });
  afterAll(async () => {
    await app.close();
    dir.cleanup();
  });
  const call = async (channel: string, payload: unknown) =>
    dispatch(handlers, app.ctx, channel, payload, () => {});
  const run = (kind: string, seed: number, config: Record<string, unknown> = {}) =>
    app.store.runs.create({ name: `${kind} ${seed}`, kind, seed, config, datasetIds: [], appVersion: 't' })
      .id;

  it('compares runs: seeds pooled into one row per system, spread, relative change against Dense and LAP', async () => {
    const dense1 = run('dense', 1);
    const dense2 = run('dense', 2);
    const lap = run('lap', 1);
    const pathways = run('pathways', 1);
    run('dense-small', 1); // never evaluated: left out
    // dense seed 1: en 2/10, fr 4/10 → avg 0.3; seed 2: en 1/10, fr 3/10 → avg 0.2
    app.store.evaluations.save({
      runId: dense1,
      datasetId: null,
      split: 'test',
      hypotheses: [hyp('u1', 'en', 2, 10), hyp('u2', 'fr', 4, 10)],
    });
    app.store.evaluations.save({
      runId: dense2,
      datasetId: null,
      split: 'test',
      hypotheses: [hyp('u1', 'en', 1, 10), hyp('u2', 'fr', 3, 10)],
    });
    // LAP pools two en utterances: (1 + 3) / (10 + 10) = 0.2; fr 0.3 → avg 0.25
    app.store.evaluations.save({
      runId: lap,
      datasetId: null,
      split: 'test',
      hypotheses: [hyp('u1', 'en', 1, 10), hyp('u3', 'en', 3, 10), hyp('u2', 'fr', 3, 10)],
    });
    app.store.evaluations.save({
      runId: pathways,
      datasetId: null,
      split: 'test',
      hypotheses: [hyp('u1', 'en', 1, 10), hyp('u2', 'fr', 2, 10)],
    });
    app.store.runs.addMetrics(pathways, [
      { name: 'loss', step: 500, value: 1.5 },
      { name: 'non_zeros', step: 500, value: 3000 },
      { name: 'sparsity', step: 500, value: 0.7 },
    ]);
    app.store.maskReports.save(pathways, REPORT);

    const result = await call('results.compare', {});
    expect(result.ok).toBe(true);
    const table = (result as { value: import('../../../src/shared/api').ComparisonTable }).value;
    expect(table.languages).toEqual(['en', 'fr']);
    const bySystem = Object.fromEntries(table.rows.map((r) => [r.system, r]));
    expect(Object.keys(bySystem).sort()).toEqual(['dense', 'lap', 'pathways']);
    expect(bySystem.dense.seedCount).toBe(2);
    expect(bySystem.dense.perLanguage.en.wer).toBeCloseTo(0.15, 12);
    expect(bySystem.dense.avgWer).toBeCloseTo(0.25, 12);
    expect(bySystem.dense.werSpread).toBeCloseTo(Math.sqrt(0.005), 12);
    expect(bySystem.lap.perLanguage.en.wer).toBeCloseTo(0.2, 12);
    expect(bySystem.lap.relWerVsDense).toBeCloseTo(0, 12);
    expect(bySystem.pathways.avgWer).toBeCloseTo(0.15, 12);
    expect(bySystem.pathways.relWerVsDense).toBeCloseTo(-0.4, 12);
    expect(bySystem.pathways.relWerVsLap).toBeCloseTo(-0.4, 12);
    expect(bySystem.pathways.toldLanguage).toBe(true);
    expect(bySystem.dense.toldLanguage).toBe(false);
    expect(bySystem.pathways.steps).toBe(500);
    expect(bySystem.pathways.nonZeros).toBe(3000);
    expect(bySystem.pathways.unionSparsity).toBeCloseTo(0.6, 12);
    expect(table.overlap).toEqual({ meanPairIou: 0.5, sharedByAll: 0.2, unionDensity: 0.4 });

    const md = formatComparison(table, 'markdown').split('\n');
    expect(md[0]).toContain('| system | seeds | told language |');
    expect(md.find((l) => l.startsWith('| pathways |'))).toContain('| -40.0 | -40.0 |');
    const csv = formatComparison(table, 'csv').split('\r\n');
    expect(csv[0].split(',')).toContain('WER en %');
    expect(csv.filter((l) => l !== '')).toHaveLength(4);
    const exported = await call('results.export', { format: 'json' });
    expect(JSON.parse((exported as { value: { text: string } }).value.text)).toEqual(table);
  });

  it('answers not_found for unknown runs, evaluations and a run without mask report', async () => {
    const plain = run('dense', 9);
    expect(await call('masks.overlap', { runId: 'run_nope' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await call('masks.overlap', { runId: plain })).toMatchObject({
      ok: false,
      error: { code: 'not_found', message: expect.stringMatching(/no mask overlap report/) },
    });
    expect(await call('review.utterances', { evaluationId: 'eval_nope' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await call('evaluations.list', { runId: 'run_nope' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });

  it('reviews utterances: filters, sorting, S/I/D split and word timings from sub-word tokens', async () => {
    const runId = run('pathways', 5);
    const evaluationId = app.store.evaluations.save({
      runId,
      datasetId: null,
      split: 'test',
      hypotheses: [
        { ...hyp('ds/u1', 'fr', 1, 3), reference: 'le chat noir', hypothesis: 'le chien noir' },
        { ...hyp('ds/u2', 'fr', 2, 2), reference: 'il pleut', hypothesis: 'il' + ' pleut fort beaucoup' },
        {
          ...hyp('ds/u3', 'en', 0, 2),
          reference: 'hello world',
          hypothesis: 'hello world',
          tokens: [
            { text: '▁hel', startSec: 0.1, endSec: 0.2 },
            { text: 'lo', startSec: 0.2, endSec: 0.3 },
            { text: '▁world', startSec: 0.5, endSec: 0.9 },
          ],
        },
      ],
    });
    const all = (await call('review.utterances', { evaluationId })) as {
      ok: true;
      value: { total: number; items: { utteranceId: string; wer: number }[] };
    };
    expect(all.value.items.map((i) => [i.utteranceId, i.wer])).toEqual([
      ['ds/u2', 1],
      ['ds/u1', 1 / 3],
      ['ds/u3', 0],
    ]);
    const ins = (await call('review.utterances', { evaluationId, errorType: 'insertion' })) as {
      ok: true;
      value: { items: { utteranceId: string; insertions: number }[] };
    };
    expect(ins.value.items).toEqual([expect.objectContaining({ utteranceId: 'ds/u2', insertions: 2 })]);
    const fr = (await call('review.utterances', {
      evaluationId,
      language: 'fr',
      sort: 'wer-asc',
      limit: 1,
    })) as { ok: true; value: { total: number; items: { utteranceId: string }[] } };
    expect(fr.value.total).toBe(2);
    expect(fr.value.items.map((i) => i.utteranceId)).toEqual(['ds/u1']);
    const one = (await call('review.utterance', { evaluationId, utteranceId: 'ds/u1' })) as {
      ok: true;
      value: { alignment: unknown[]; substitutions: number };
    };
    expect(one.value.substitutions).toBe(1);
    expect(one.value.alignment).toEqual([
      { op: 'C', ref: 'le', hyp: 'le' },
      { op: 'S', ref: 'chat', hyp: 'chien' },
      { op: 'C', ref: 'noir', hyp: 'noir' },
    ]);
    const timed = (await call('review.utterance', { evaluationId, utteranceId: 'ds/u3' })) as {
      ok: true;
      value: { words: unknown[]; durationSec: number };
    };
    expect(timed.value.words).toEqual([
      { text: 'hello', startSec: 0.1, endSec: 0.3 },
      { text: 'world', startSec: 0.5, endSec: 0.9 },
    ]);
    expect(timed.value.durationSec).toBe(0.9);
  });

  it('validates run configs against the job kind that runs them and names what is missing', async () => {
    const result = (await call('runs.validate', { kind: 'dense', config: {} })) as {
      ok: true;
      value: { ok: boolean; issues: { path: string }[] };
    };
    expect(result.ok).toBe(true);
    if (!result.value.ok) expect(result.value.issues[0].path).toMatch(/^(kind|config)/);
    expect(await call('runs.create', { kind: 'dense', datasetIds: ['ds_nope'] })).toMatchObject({
      ok: false,
    });
  });

  it('counts model parameters per module without allocating the model', async () => {
    const { parameterCount, presetConfig } = await import('../../../src/engine/model');
    const result = (await call('models.parameterCount', { preset: 'tiny' })) as {
      ok: true;
      value: { total: number; prunable: number; byModule: Record<string, number> };
    };
    expect(result.value.total).toBe(parameterCount(presetConfig('tiny')));
    expect(Object.values(result.value.byModule).reduce((a, b) => a + b, 0)).toBe(result.value.total);
    expect(result.value.prunable).toBeGreaterThan(0);
    expect(result.value.prunable).toBeLessThan(result.value.total);
    expect(await call('models.parameterCount', { config: { dModel: -1 } })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
  });
});
