import { computeStats } from '../../../src/engine/data/stats';
import type { ImportedUtterance } from '../../../src/engine/data/types';

const u = (
  id: string,
  language: string,
  speaker: string,
  durationSec: number,
  transcript: string,
): ImportedUtterance => ({
  id,
  language,
  speaker,
  audioPath: `/a/${id}.wav`,
  durationSec,
  transcript,
  split: id.endsWith('t') ? 'test' : 'train',
});

describe('computeStats', () => {
  it('counts utterances, hours, speakers, characters and duration bins per language (hand-computed)', () => {
    const s = computeStats(
      [
        u('1', 'fr', 'a', 0.5, 'été'),
        u('2t', 'fr', 'b', 1.0, 'ça va'),
        u('3', 'fr', 'a', 1800, 'a'),
        u('4', 'en', 'x', 3600, 'hi'),
      ],
      [
        { kind: 'missing_file', file: 'f', message: 'm' },
        { kind: 'missing_file', file: 'f', message: 'm' },
        { kind: 'duplicate_id', file: 'f', message: 'm' },
      ],
    );
    expect(s.utterances).toBe(4);
    expect(s.hours).toBeCloseTo((0.5 + 1 + 1800 + 3600) / 3600, 12);
    expect(s.problemsByKind).toEqual({ missing_file: 2, duplicate_id: 1 });
    const [en, fr] = s.languages;
    expect([en.language, en.utterances, en.hours, en.speakers]).toEqual(['en', 1, 1, 1]);
    expect([fr.language, fr.utterances, fr.speakers, fr.splits]).toEqual([
      'fr',
      3,
      2,
      { train: 2, dev: 0, test: 1 },
    ]);
    expect(fr.characters).toEqual({ é: 2, t: 1, ç: 1, a: 3, ' ': 1, v: 1 });
    // 0.5 s → [0,1); 1.0 s → [1,2); 1800 s → last bin, widened from 60 s to hold it.
    const nonEmpty = fr.durationHistogram.filter((b) => b.count > 0);
    expect(nonEmpty).toEqual([
      { fromSec: 0, toSec: 1, count: 1 },
      { fromSec: 1, toSec: 2, count: 1 },
      { fromSec: 30, toSec: 1801, count: 1 },
    ]);
    expect(fr.durationHistogram.reduce((a, b) => a + b.count, 0)).toBe(3);
  });
});
