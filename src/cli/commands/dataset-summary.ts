import type { AppContext } from '../../jobs/app-context';
import { PROBLEM_KINDS } from '../../shared/api';
import { call } from './support/app';
import { textTable } from './support/table';

/** What `import` and `demo-corpus` print: counts per language, hours, problems by kind. */
export async function datasetSummary(app: AppContext, datasetId: string) {
  const dataset = await call(app, 'datasets.get', { datasetId });
  const problemsByKind: Record<string, number> = {};
  for (const kind of PROBLEM_KINDS) {
    const { total } = await call(app, 'datasets.problems', { datasetId, kind, limit: 1 });
    if (total > 0) problemsByKind[kind] = total;
  }
  return {
    datasetId,
    name: dataset.name,
    format: dataset.format,
    root: dataset.root,
    utterances: dataset.utterances,
    hours: dataset.hours,
    languages: dataset.languages,
    splits: dataset.splits,
    problems: dataset.problems,
    problemsByKind,
  };
}

export function summaryText(s: Awaited<ReturnType<typeof datasetSummary>>): string {
  const languages = textTable(
    ['language', 'utterances', 'hours', 'speakers'],
    s.languages.map((l) => [l.language, String(l.utterances), l.hours.toFixed(3), String(l.speakers)]),
  );
  const problems = Object.entries(s.problemsByKind).map(([k, n]) => `  ${k}: ${n}`);
  return (
    `${s.name} (${s.format}) → ${s.datasetId}\n${s.utterances} utterances, ${s.hours.toFixed(3)} h\n\n${languages}` +
    (problems.length ? `\nproblems (${s.problems}):\n${problems.join('\n')}\n` : '\nno problems\n')
  );
}
