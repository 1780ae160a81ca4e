import type { Evaluation, Run } from '../../shared/api';
import type { Store } from '../../store';
import type { PairedScores, UtteranceScore } from './bootstrap';

/** A system's scores on its test set: per language and utterance key, the mean over its seeds. */
export interface TestSetScores {
  /** Whose scores they are, for messages ('lsp', 'run run_x'). */
  name: string;
  split: string;
  perLanguage: Map<string, Map<string, UtteranceScore>>;
}

/** Scores that cannot be paired: another split, language or utterance list; the message names the difference. */
export class TestSetMismatchError extends Error {
  constructor(a: TestSetScores, b: TestSetScores, difference: string) {
    super(
      `${a.name} and ${b.name} were scored on different test sets (${difference}): ` +
        'a paired comparison needs the same utterances',
    );
    this.name = 'TestSetMismatchError';
  }
}

/** A run and the evaluation it is compared on. */
export interface EvaluatedRun {
  run: Run;
  evaluation: Evaluation;
}

/** The evaluation a run is compared on: its newest on the test split, else its newest. */
export function evaluationOf(store: Store, runId: string): Evaluation | undefined {
  const all = store.evaluations.list(runId);
  return all.find((e) => e.split === 'test') ?? all[0];
}

const SHOWN_KEYS = 3;
const listed = (keys: string[]) =>
  keys.slice(0, SHOWN_KEYS).join(', ') +
  (keys.length > SHOWN_KEYS ? ` and ${keys.length - SHOWN_KEYS} more` : '');

/** How two score sets' test sets differ (the first difference found), or null when they are the same. */
function difference(a: TestSetScores, b: TestSetScores): string | null {
  if (a.split !== b.split) return `split '${a.split}' vs '${b.split}'`;
  for (const language of [...new Set([...a.perLanguage.keys(), ...b.perLanguage.keys()])].sort()) {
    const x = a.perLanguage.get(language);
    const y = b.perLanguage.get(language);
    if (!x || !y) return `${(x ? b : a).name} has no ${language} utterances`;
    const onlyA = [...x.keys()].filter((k) => !y.has(k));
    const onlyB = [...y.keys()].filter((k) => !x.has(k));
    if (onlyA.length || onlyB.length)
      return [
        `${language}: ${x.size} vs ${y.size} utterances`,
        ...(onlyA.length ? [`only in ${a.name}: ${listed(onlyA)}`] : []),
        ...(onlyB.length ? [`only in ${b.name}: ${listed(onlyB)}`] : []),
      ].join('; ');
  }
  return null;
}

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

function meanScore(scores: UtteranceScore[]): UtteranceScore {
  return {
    wordErrors: mean(scores.map((s) => s.wordErrors)),
    refWords: mean(scores.map((s) => s.refWords)),
    charErrors: mean(scores.map((s) => s.charErrors)),
    refChars: mean(scores.map((s) => s.refChars)),
  };
}

/**
 * The per-utterance scores of a system's runs: per seed, the languages of its runs' evaluations merged (an LSP
 * seed has one run per language; a later run's language replaces an earlier one's, as in the comparison table),
 * then each utterance's counts averaged over the seeds. Seeds scored on different test sets are refused.
 */
export function systemScores(store: Store, name: string, evaluated: readonly EvaluatedRun[]): TestSetScores {
  const seeds = new Map<number, TestSetScores>();
  for (const { run, evaluation } of evaluated) {
    const seed = seeds.get(run.seed) ?? {
      name: `${name} seed ${run.seed}`,
      split: evaluation.split,
      perLanguage: new Map(),
    };
    const byLanguage = new Map<string, Map<string, UtteranceScore>>();
    for (const { utteranceKey, language, ...counts } of store.evaluations.counts(evaluation.id)) {
      const utterances = byLanguage.get(language) ?? new Map<string, UtteranceScore>();
      utterances.set(utteranceKey, counts);
      byLanguage.set(language, utterances);
    }
    const own = { name: `run ${run.id}`, split: evaluation.split, perLanguage: byLanguage };
    if (seed.split !== own.split) throw new TestSetMismatchError(seed, own, difference(seed, own)!);
    for (const [language, utterances] of byLanguage) seed.perLanguage.set(language, utterances);
    seeds.set(run.seed, seed);
  }
  const [first, ...others] = [...seeds.values()];
  for (const other of others) {
    const why = difference(first, other);
    if (why) throw new TestSetMismatchError(first, other, why);
  }
  const all = [first, ...others];
  const perLanguage = new Map(
    [...first.perLanguage].map(([language, utterances]) => [
      language,
      new Map(
        [...utterances.keys()].map((key) => [
          key,
          meanScore(all.map((s) => s.perLanguage.get(language)!.get(key)!)),
        ]),
      ),
    ]),
  );
  return { name, split: first.split, perLanguage };
}

/** A's and B's scores paired utterance by utterance; refused (TestSetMismatchError) unless the test sets agree. */
export function pairScores(a: TestSetScores, b: TestSetScores): PairedScores {
  const why = difference(a, b);
  if (why) throw new TestSetMismatchError(a, b, why);
  return Object.fromEntries(
    [...a.perLanguage].map(([language, utterances]) => {
      const keys = [...utterances.keys()].sort();
      const other = b.perLanguage.get(language)!;
      return [language, { a: keys.map((k) => utterances.get(k)!), b: keys.map((k) => other.get(k)!) }];
    }),
  );
}
