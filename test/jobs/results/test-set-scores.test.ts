import type { HypothesisRecord, Store } from '../../../src/store';
import {
  evaluationOf,
  pairScores,
  systemScores,
  TestSetMismatchError,
  type EvaluatedRun,
} from '../../../src/jobs/results/test-set-scores';
import { storePerSuite } from '../../helpers/temp-store';

const hyp = (key: string, language: string, we: number, rw = 10): HypothesisRecord => ({
  utteranceKey: key,
  language,
  reference: 'a b',
  hypothesis: 'a b',
  wordErrors: we,
  refWords: rw,
  charErrors: 2 * we,
  refChars: 4 * rw,
  tokens: [],
});

describe('per-utterance scores of a system and their pairing', () => {
  const suite = storePerSuite();
  let store: Store;
  beforeAll(() => (store = suite.store));

  const evaluated = (seed: number, hypotheses: HypothesisRecord[], split = 'test'): EvaluatedRun => {
    const run = store.runs.create({
      name: 'r',
      kind: 'dense',
      seed,
      config: {},
      datasetIds: [],
      appVersion: 't',
    });
    store.evaluations.save({ runId: run.id, datasetId: null, split, hypotheses });
    return { run, evaluation: evaluationOf(store, run.id)! };
  };

  it('averages each utterance’s counts over seeds and merges the languages of a seed’s runs', () => {
    const scores = systemScores(store, 'lsp', [
      evaluated(1, [hyp('d/u1', 'en', 1), hyp('d/u2', 'en', 0)]),
      evaluated(1, [hyp('d/u3', 'fr', 4)]),
      evaluated(2, [hyp('d/u1', 'en', 3), hyp('d/u2', 'en', 2)]),
      evaluated(2, [hyp('d/u3', 'fr', 1)]),
    ]);
    expect(scores.split).toBe('test');
    expect([...scores.perLanguage.keys()]).toEqual(['en', 'fr']);
    expect(scores.perLanguage.get('en')!.get('d/u1')).toEqual({
      wordErrors: 2,
      refWords: 10,
      charErrors: 4,
      refChars: 40,
    });
    expect(scores.perLanguage.get('fr')!.get('d/u3')!.wordErrors).toBe(2.5);
  });

  it('refuses seeds scored on different utterances, naming them', () => {
    expect(() =>
      systemScores(store, 'dense', [
        evaluated(1, [hyp('d/u1', 'en', 1), hyp('d/u2', 'en', 0)]),
        evaluated(2, [hyp('d/u1', 'en', 1), hyp('d/u9', 'en', 0)]),
      ]),
    ).toThrow(
      'dense seed 1 and dense seed 2 were scored on different test sets (en: 2 vs 2 utterances; only in dense ' +
        'seed 1: d/u2; only in dense seed 2: d/u9)',
    );
  });

  it('pairs two systems utterance by utterance, and refuses another split, language or utterance list', () => {
    const a = systemScores(store, 'dense', [evaluated(1, [hyp('d/u2', 'en', 1), hyp('d/u1', 'en', 2)])]);
    const b = systemScores(store, 'lap', [evaluated(1, [hyp('d/u1', 'en', 0), hyp('d/u2', 'en', 3)])]);
    const paired = pairScores(a, b);
    expect(paired.en.a.map((s) => s.wordErrors)).toEqual([2, 1]);
    expect(paired.en.b.map((s) => s.wordErrors)).toEqual([0, 3]);

    const dev = systemScores(store, 'dev run', [
      evaluated(1, [hyp('d/u1', 'en', 0), hyp('d/u2', 'en', 3)], 'dev'),
    ]);
    expect(() => pairScores(a, dev)).toThrow(
      /dense and dev run were scored on different test sets \(split 'test' vs 'dev'\)/,
    );
    const french = systemScores(store, 'fr run', [
      evaluated(1, [hyp('d/u1', 'en', 0), hyp('d/u2', 'en', 1), hyp('d/u3', 'fr', 1)]),
    ]);
    expect(() => pairScores(a, french)).toThrow(/\(dense has no fr utterances\)/);
    const many = Array.from({ length: 6 }, (_, i) => hyp(`d/x${i}`, 'en', 0));
    const other = systemScores(store, 'other', [evaluated(1, [hyp('d/u1', 'en', 0), ...many])]);
    const refusal = (() => {
      try {
        pairScores(a, other);
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(TestSetMismatchError);
    expect((refusal as Error).message).toBe(
      'dense and other were scored on different test sets (en: 2 vs 7 utterances; only in dense: d/u2; only in ' +
        'other: d/x0, d/x1, d/x2 and 3 more): a paired comparison needs the same utterances',
    );
  });
});
