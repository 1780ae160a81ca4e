import { openStore, type HypothesisRecord, type Store } from '../../../src/store';
import type { OverlapReport } from '../../../src/shared/api';
import { tempDir } from '../../helpers/tmp';
import { NEW_RUN } from '../fixtures';

const hyp = (key: string, language: string, wordErrors: number, refWords: number): HypothesisRecord => ({
  utteranceKey: key,
  language,
  reference: 'r',
  hypothesis: 'h',
  wordErrors,
  refWords,
  charErrors: 2 * wordErrors,
  refChars: 4 * refWords,
  tokens: [{ text: '▁h', startSec: 0.25, endSec: 0.75 }],
});

const REPORT: OverlapReport = {
  languages: ['en', 'fr'],
  prunableWeights: 100,
  overall: {
    pairs: [{ a: 'en', b: 'fr', iou: 0.5 }],
    sharedByAll: 0.2,
    unionDensity: 0.4,
    sparsity: { en: 0.7, fr: 0.7 },
    exclusive: { en: 0.1, fr: 0.1 },
  },
  layers: [],
  history: [],
};

describe('EvaluationRepo and MaskReportRepo', () => {
  let home: ReturnType<typeof tempDir>;
  let store: Store;
  beforeEach(() => {
    home = tempDir();
    store = openStore(home.path);
  });
  afterEach(() => {
    store.close();
    home.cleanup();
  });

  it('pools errors over the utterances of each language, and lists a run’s evaluations', () => {
    const run = store.runs.create(NEW_RUN);
    const id = store.evaluations.save({
      runId: run.id,
      datasetId: null,
      split: 'test',
      // en: (1 + 3) / (4 + 6) words, (2 + 6) / (16 + 24) characters; fr: 0 of 0 words is 0
      hypotheses: [hyp('d/en-1', 'en', 1, 4), hyp('d/en-2', 'en', 3, 6), hyp('d/fr-1', 'fr', 0, 0)],
    });
    const evaluation = store.evaluations.get(id)!;
    expect(evaluation).toMatchObject({ runId: run.id, split: 'test', datasetId: null });
    expect(evaluation.perLanguage.en).toEqual({ wer: 0.4, cer: 0.2, utterances: 2 });
    expect(evaluation.perLanguage.fr).toEqual({ wer: 0, cer: 0, utterances: 1 });
    expect(store.evaluations.list(run.id).map((e) => e.id)).toEqual([id]);
    expect(store.evaluations.list('run_other')).toEqual([]);
    expect(store.evaluations.get('eval_nope')).toBeUndefined();
  });

  it('keeps the decoding time an eval job measured, and has none for an evaluation saved without it', () => {
    const run = store.runs.create(NEW_RUN);
    const hypotheses = [hyp('d/en-1', 'en', 1, 4), hyp('d/en-2', 'en', 3, 6)];
    const timing = { decodeSeconds: 2.5, utterancesPerSecond: 0.8 };
    const timed = store.evaluations.save({
      runId: run.id,
      datasetId: null,
      split: 'test',
      hypotheses,
      timing,
    });
    const untimed = store.evaluations.save({ runId: run.id, datasetId: null, split: 'dev', hypotheses });
    expect(store.evaluations.get(timed)!.timing).toEqual(timing);
    expect(store.evaluations.get(untimed)!).not.toHaveProperty('timing');
    expect(store.evaluations.list(run.id).find((e) => e.id === timed)!.timing).toEqual(timing);
  });

  it('returns hypotheses by key, one of them on request, with the token end standing in for an unknown duration', () => {
    const run = store.runs.create(NEW_RUN);
    const id = store.evaluations.save({
      runId: run.id,
      datasetId: null,
      split: 'test',
      hypotheses: [hyp('d/b', 'en', 1, 2), hyp('d/a', 'en', 0, 2)],
    });
    expect(store.evaluations.hypotheses(id).map((h) => h.utteranceKey)).toEqual(['d/a', 'd/b']);
    const [b] = store.evaluations.hypotheses(id, 'd/b');
    expect(b).toMatchObject({ wordErrors: 1, speaker: '', durationSec: 0.75 });
    expect(b.tokens).toEqual([{ text: '▁h', startSec: 0.25, endSec: 0.75 }]);
  });

  it('keeps one mask report per run, the newest, and refuses a malformed one', () => {
    const run = store.runs.create(NEW_RUN);
    expect(store.maskReports.get(run.id)).toBeUndefined();
    store.maskReports.save(run.id, REPORT);
    const newer = { ...REPORT, overall: { ...REPORT.overall, unionDensity: 0.5 } };
    store.maskReports.save(run.id, newer);
    expect(store.maskReports.get(run.id)).toEqual(newer);
    expect(() => store.maskReports.save(run.id, { languages: 'en' } as unknown as OverlapReport)).toThrow();
  });
});
