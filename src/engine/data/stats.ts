import type {
  DurationBin,
  ImportProblem,
  ImportStats,
  ImportedUtterance,
  LanguageStats,
  ProblemKind,
} from './types';

/** Fixed histogram bin edges in seconds; the last bin is widened to hold the longest utterance. */
export const DURATION_BIN_EDGES = [0, 1, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 60];

function histogram(durations: number[]): DurationBin[] {
  const edges = [...DURATION_BIN_EDGES];
  const longest = durations.reduce((m, d) => Math.max(m, d), 0);
  if (longest >= edges[edges.length - 1]) edges[edges.length - 1] = Math.ceil(longest) + 1;
  const bins = edges.slice(0, -1).map((fromSec, i) => ({ fromSec, toSec: edges[i + 1], count: 0 }));
  for (const d of durations) {
    const i = bins.findIndex((b) => d < b.toSec);
    bins[i === -1 ? bins.length - 1 : i].count++;
  }
  return bins;
}

function languageStats(language: string, items: ImportedUtterance[]): LanguageStats {
  const characters: Record<string, number> = {};
  const speakers = new Set<string>();
  const splits = { train: 0, dev: 0, test: 0 };
  let seconds = 0;
  for (const u of items) {
    for (const ch of u.transcript) characters[ch] = (characters[ch] ?? 0) + 1;
    speakers.add(u.speaker);
    splits[u.split]++;
    seconds += u.durationSec;
  }
  return {
    language,
    utterances: items.length,
    hours: seconds / 3600,
    speakers: speakers.size,
    characters,
    durationHistogram: histogram(items.map((u) => u.durationSec)),
    splits,
  };
}

/** Per-language counts, hours, speakers, character inventory and duration histogram; languages sorted by code. */
export function computeStats(utterances: ImportedUtterance[], problems: ImportProblem[]): ImportStats {
  const byLanguage = new Map<string, ImportedUtterance[]>();
  for (const u of utterances) {
    const list = byLanguage.get(u.language) ?? [];
    list.push(u);
    byLanguage.set(u.language, list);
  }
  const languages = [...byLanguage.keys()]
    .sort()
    .map((lang) => languageStats(lang, byLanguage.get(lang) ?? []));
  const problemsByKind: Partial<Record<ProblemKind, number>> = {};
  for (const p of problems) problemsByKind[p.kind] = (problemsByKind[p.kind] ?? 0) + 1;
  return {
    utterances: utterances.length,
    hours: languages.reduce((s, l) => s + l.hours, 0),
    languages,
    problemsByKind,
  };
}
