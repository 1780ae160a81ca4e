import { assignSplits, DEFAULT_SPLIT_RATIOS } from '../../../src/engine/data/splits';
import type { SplitItem } from '../../../src/engine/data/splits';

/** 200 speakers per language with 5–15 utterances each (a fixed, hand-built pattern). */
function corpus(languages: string[]): SplitItem[] {
  const items: SplitItem[] = [];
  for (const language of languages) {
    for (let s = 0; s < 200; s++)
      for (let u = 0; u < 5 + ((s * 7) % 11); u++) items.push({ language, speaker: `spk${s}` });
  }
  return items;
}

function bySplit(items: SplitItem[], splits: string[]) {
  const speakers: Record<string, Set<string>> = { train: new Set(), dev: new Set(), test: new Set() };
  const counts: Record<string, number> = { train: 0, dev: 0, test: 0 };
  items.forEach((it, i) => {
    speakers[splits[i]].add(`${it.language}/${it.speaker}`);
    counts[splits[i]]++;
  });
  return { speakers, counts };
}

describe('assignSplits', () => {
  it('is speaker-disjoint and within one speaker of the requested ratios, per language', () => {
    const items = corpus(['en', 'fr']);
    const splits = assignSplits(items, { train: 0.7, dev: 0.1, test: 0.2 }, 5);
    for (const lang of ['en', 'fr']) {
      const idx = items.map((it, i) => (it.language === lang ? i : -1)).filter((i) => i >= 0);
      const { speakers, counts } = bySplit(
        idx.map((i) => items[i]),
        idx.map((i) => splits[i]),
      );
      for (const [a, b] of [
        ['train', 'dev'],
        ['train', 'test'],
        ['dev', 'test'],
      ]) {
        expect([...speakers[a]].filter((s) => speakers[b].has(s))).toEqual([]);
      }
      const total = idx.length;
      // The largest speaker has 15 utterances: each split may miss its target by at most that.
      expect(Math.abs(counts.test - 0.2 * total)).toBeLessThanOrEqual(15);
      expect(Math.abs(counts.dev - 0.1 * total)).toBeLessThanOrEqual(15);
      expect(speakers.test.size).toBeGreaterThan(20);
    }
  });

  it('is deterministic for a seed, differs across seeds, and keeps a speaker in one split', () => {
    const items = corpus(['nl']);
    const a = assignSplits(items, DEFAULT_SPLIT_RATIOS, 1);
    expect(assignSplits(items, DEFAULT_SPLIT_RATIOS, 1)).toEqual(a);
    expect(assignSplits(items, DEFAULT_SPLIT_RATIOS, 2)).not.toEqual(a);
    const first = new Map<string, string>();
    items.forEach((it, i) => {
      expect(first.get(it.speaker) ?? a[i]).toBe(a[i]);
      first.set(it.speaker, a[i]);
    });
  });

  it("keeps a corpus's own splits and leaves a single-speaker language in train", () => {
    const items: SplitItem[] = [
      { language: 'en', speaker: 'a', split: 'test' },
      { language: 'en', speaker: 'a', split: 'dev' },
      { language: 'it', speaker: 'solo' },
      { language: 'it', speaker: 'solo' },
    ];
    expect(assignSplits(items)).toEqual(['test', 'dev', 'train', 'train']);
  });

  it('rejects negative ratios or an empty train share', () => {
    expect(() => assignSplits([], { train: 0, dev: 0.5, test: 0.5 })).toThrow(/train > 0/u);
    expect(() => assignSplits([], { train: 1, dev: -0.1, test: 0 })).toThrow(/non-negative/u);
  });
});
