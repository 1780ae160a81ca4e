import type { DeltaInterval, ResponseOf } from '../../shared/api';
import type { ReportFormat } from './comparison';
import { intervalText } from './intervals';

type Pairwise = ResponseOf<'results.pairwise'>;

/** The per-language rows and the average's, in that order. */
function rowsOf(pairwise: Pairwise): [string, { wer: DeltaInterval; cer: DeltaInterval }][] {
  return [...Object.entries(pairwise.bootstrap.perLanguage), ['average', pairwise.bootstrap.average]];
}

function markdown(p: Pairwise): string {
  const level = Math.round(100 * p.bootstrap.level);
  return [
    `Paired bootstrap: ${p.runB} − ${p.runA} on the ${p.split} split (${p.bootstrap.resamples} resamples ` +
      `within each language; points of WER / CER, ${level} % percentile interval; * it excludes 0):`,
    '',
    `| language | ΔWER [${level} % CI] | P(B better WER) | ΔCER [${level} % CI] | P(B better CER) |`,
    '| --- | --- | --- | --- | --- |',
    ...rowsOf(p).map(
      ([language, d]) =>
        `| ${language} | ${intervalText(d.wer)} | ${d.wer.pImprove.toFixed(3)} | ${intervalText(d.cer)} | ` +
        `${d.cer.pImprove.toFixed(3)} |`,
    ),
  ].join('\n');
}

function csv(p: Pairwise): string {
  const fields = (d: DeltaInterval) => [d.delta, d.low, d.high, d.pImprove, d.significant].map(String);
  return [
    ['run_a', 'run_b', 'language']
      .concat(
        ['wer', 'cer'].flatMap((r) =>
          ['delta', 'low', 'high', 'p_improve', 'significant'].map((f) => `${r}_${f}`),
        ),
      )
      .join(','),
    ...rowsOf(p).map(([language, d]) =>
      [p.runA, p.runB, language, ...fields(d.wer), ...fields(d.cer)].join(','),
    ),
  ].join('\r\n');
}

/** Run B against run A (`results.pairwise`) as a report: a Markdown table, CSV rows, or JSON. */
export function formatPairwise(pairwise: Pairwise, format: ReportFormat): string {
  if (format === 'markdown') return markdown(pairwise) + '\n';
  if (format === 'csv') return csv(pairwise) + '\r\n';
  return JSON.stringify(pairwise, null, 2) + '\n';
}
