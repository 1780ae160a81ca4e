import { deriveSeed } from '../model/random';
import type { Split, SplitRatios } from './types';

export const DEFAULT_SPLIT_RATIOS: SplitRatios = { train: 0.8, dev: 0.1, test: 0.1 };

/** What split assignment needs to know about an item. */
export interface SplitItem {
  language: string;
  speaker: string;
  /** The corpus's own split, when it has one. */
  split?: Split;
}

function checkRatios(r: SplitRatios): void {
  const values = [r.train, r.dev, r.test];
  if (values.some((v) => !Number.isFinite(v) || v < 0) || !(r.train > 0)) {
    throw new Error(`split ratios must be non-negative with train > 0, got ${JSON.stringify(r)}`);
  }
}

/**
 * Speaker-disjoint split per language: speakers are ordered by hash(language, speaker, seed) and
 * taken into test, then dev, until each holds its share of the language's utterances; the rest is train.
 * The result depends only on the speakers, their utterance counts, the ratios and the seed.
 */
function splitSpeakers(
  counts: Map<string, number>,
  language: string,
  ratios: SplitRatios,
  seed: number,
): Map<string, Split> {
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const sum = ratios.train + ratios.dev + ratios.test;
  const order = [...counts.keys()]
    .map((speaker) => ({ speaker, key: deriveSeed(seed, `${language}\u0000${speaker}`) }))
    .sort((a, b) => a.key - b.key || (a.speaker < b.speaker ? -1 : 1));
  const result = new Map<string, Split>();
  const targets: [Split, number][] = [
    ['test', (ratios.test / sum) * total],
    ['dev', (ratios.dev / sum) * total],
  ];
  let next = 0;
  for (const [split, target] of targets) {
    let taken = 0;
    // Take the next speaker while that brings the split closer to its target; always leave one speaker for train.
    while (next < order.length - 1) {
      const n = counts.get(order[next].speaker) ?? 0;
      if (Math.abs(taken + n - target) >= Math.abs(taken - target)) break;
      result.set(order[next].speaker, split);
      taken += n;
      next++;
    }
  }
  for (; next < order.length; next++) result.set(order[next].speaker, 'train');
  return result;
}

/**
 * Split for every item: its own when given, otherwise a deterministic speaker-disjoint assignment
 * (computed per language over the items without a split).
 */
export function assignSplits(
  items: SplitItem[],
  ratios: SplitRatios = DEFAULT_SPLIT_RATIOS,
  seed = 0,
): Split[] {
  checkRatios(ratios);
  const counts = new Map<string, Map<string, number>>();
  for (const it of items) {
    if (it.split) continue;
    const perLang = counts.get(it.language) ?? new Map<string, number>();
    perLang.set(it.speaker, (perLang.get(it.speaker) ?? 0) + 1);
    counts.set(it.language, perLang);
  }
  const bySpeaker = new Map<string, Map<string, Split>>();
  for (const [language, perLang] of counts)
    bySpeaker.set(language, splitSpeakers(perLang, language, ratios, seed));
  return items.map((it) => it.split ?? bySpeaker.get(it.language)?.get(it.speaker) ?? 'train');
}
