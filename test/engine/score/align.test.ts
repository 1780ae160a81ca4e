import { AlignmentOpSchema } from '../../../src/shared/contract/review';
import {
  aggregateByLanguage,
  cer,
  editAlignment,
  errorRate,
  SCLITE_WEIGHTS,
  wer,
  type AlignmentOp,
} from '../../../src/engine/score';
import { randomInts } from '../loss/mulberry32';

const ops = (alignment: AlignmentOp[]) => alignment.map((a) => a.op).join('');
const split = (text: string) => (text === '' ? [] : text.split(' '));

/** Edit distance by plain memoised recursion (the oracle, independent of the DP table). */
function distance(a: string[], b: string[]): number {
  const memo = new Map<string, number>();
  const d = (i: number, j: number): number => {
    if (i === 0 || j === 0) return i + j;
    const key = `${i},${j}`;
    if (!memo.has(key)) {
      memo.set(
        key,
        Math.min(d(i - 1, j) + 1, d(i, j - 1) + 1, d(i - 1, j - 1) + (a[i - 1] === b[j - 1] ? 0 : 1)),
      );
    }
    return memo.get(key)!;
  };
  return d(a.length, b.length);
}

describe('editAlignment', () => {
  it('aligns hand-checked cases', () => {
    expect(editAlignment(split('a b c d'), split('a x c'))).toEqual([
      { op: 'C', ref: 'a', hyp: 'a' },
      { op: 'S', ref: 'b', hyp: 'x' },
      { op: 'C', ref: 'c', hyp: 'c' },
      { op: 'D', ref: 'd', hyp: null },
    ]);
    expect(ops(editAlignment(split('a b'), split('a b')))).toBe('CC');
    expect(ops(editAlignment([], split('a b')))).toBe('II');
    expect(ops(editAlignment(split('a b'), []))).toBe('DD');
    expect(ops(editAlignment(split('a'), split('b a')))).toBe('IC');
    expect(editAlignment([], [])).toEqual([]);
  });

  it('breaks ties towards correct / substitution; sclite weights prefer a deletion + insertion pair', () => {
    expect(ops(editAlignment(split('a b'), split('b c')))).toBe('SS');
    expect(ops(editAlignment(split('a b'), split('b c'), SCLITE_WEIGHTS))).toBe('DCI');
  });

  it('reaches the minimum edit distance and reproduces both sequences on random cases', () => {
    const next = randomInts(7);
    for (let trial = 0; trial < 300; trial++) {
      const ref = Array.from({ length: next(7) }, () => 'abcd'[next(4)]);
      const hyp = Array.from({ length: next(7) }, () => 'abcd'[next(4)]);
      const alignment = editAlignment(ref, hyp);
      const errors = alignment.filter((a) => a.op !== 'C').length;
      expect(errors).toBe(distance(ref, hyp));
      expect(alignment.filter((a) => a.ref !== null).map((a) => a.ref)).toEqual(ref);
      expect(alignment.filter((a) => a.hyp !== null).map((a) => a.hyp)).toEqual(hyp);
      alignment.forEach((a) => {
        expect(AlignmentOpSchema.parse(a)).toEqual(a);
        if (a.op === 'C') expect(a.ref).toBe(a.hyp);
        if (a.op === 'S') expect(a.ref).not.toBe(a.hyp);
      });
    }
  });
});

describe('wer / cer', () => {
  it('counts one deletion in six reference words', () => {
    const score = wer('the cat sat on the mat', 'the cat  sat on mat');
    expect(score).toMatchObject({
      refLength: 6,
      correct: 5,
      substitutions: 0,
      deletions: 1,
      insertions: 0,
      errors: 1,
    });
    expect(score.rate).toBeCloseTo(1 / 6, 12);
  });

  it('counts insertions beyond 100 % and accepts token arrays', () => {
    const score = wer(['yes'], ['no', 'yes', 'yes']);
    expect(score).toMatchObject({ refLength: 1, correct: 1, insertions: 2, errors: 2, rate: 2 });
  });

  it('gives an empty reference rate 0 when the hypothesis is empty, 1 otherwise', () => {
    expect(wer('', '').rate).toBe(0);
    expect(wer('', 'uh').rate).toBe(1);
    expect(
      errorRate({ refLength: 0, correct: 0, substitutions: 0, deletions: 0, insertions: 3, errors: 3 }),
    ).toBe(1);
  });

  it('CER counts code points without whitespace, and NFC and NFD spellings are equal', () => {
    expect(cer('abc def', 'abd ef')).toMatchObject({ refLength: 6, deletions: 1, errors: 1 });
    expect(cer('café', 'cafe\u0301').errors).toBe(0);
    expect(wer('café crème', 'cafe\u0301 cre\u0300me').errors).toBe(0);
    expect(cer('😀a', '😀b')).toMatchObject({ refLength: 2, substitutions: 1 });
  });

  it('aggregates per language and averages the language rates', () => {
    const agg = aggregateByLanguage([
      { lang: 'en', counts: wer('a b c d', 'a b c') },
      { lang: 'fr', counts: wer('x y', 'x z') },
      { lang: 'en', counts: wer('e f g h', 'e f g h i') },
    ]);
    expect(agg.byLanguage.get('en')).toMatchObject({
      refLength: 8,
      correct: 7,
      deletions: 1,
      insertions: 1,
      errors: 2,
    });
    expect(agg.byLanguage.get('fr')).toMatchObject({ refLength: 2, substitutions: 1, errors: 1 });
    expect(agg.overall).toMatchObject({ refLength: 10, errors: 3, correct: 8 });
    expect(agg.averageRate).toBeCloseTo((2 / 8 + 1 / 2) / 2, 12);
  });
});
