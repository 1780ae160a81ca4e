import { concatFrames, interleaveByLanguage } from '../../bench/cases/decode-stream';

describe('interleaveByLanguage', () => {
  it('takes the languages in turn (sorted), each in its own order, until every list is used up', () => {
    const items = ['fr1', 'en1', 'fr2', 'fr3', 'nl1', 'en2'].map((id) => ({ id, language: id.slice(0, 2) }));
    expect(interleaveByLanguage(items).map((u) => u.id)).toEqual(['en1', 'fr1', 'nl1', 'en2', 'fr2', 'fr3']);
  });

  it('keeps a single language as given and an empty list empty', () => {
    const items = [3, 1, 2].map((n) => ({ n, language: 'it' }));
    expect(interleaveByLanguage(items)).toEqual(items);
    expect(interleaveByLanguage([])).toEqual([]);
  });
});

describe('concatFrames', () => {
  it('puts the frames of each part after those of the one before', () => {
    const a = { data: Float32Array.from([1, 2, 3, 4]), frames: 2 };
    const b = { data: Float32Array.from([5, 6]), frames: 1 };
    expect(Array.from(concatFrames([a, b], 2))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(concatFrames([], 2)).toHaveLength(0);
  });

  it('names the part whose size is not frames × dim', () => {
    const good = { data: new Float32Array(4), frames: 2 };
    const bad = { data: new Float32Array(5), frames: 2 };
    expect(() => concatFrames([good, bad], 2)).toThrow('feature part 1 holds 5 values, not frames 2 × dim 2');
  });
});
