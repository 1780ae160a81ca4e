import type { ComparisonRow, ComparisonTable } from '../../shared/api';
import { baselineImproveText, baselineIntervalText } from './intervals';

export type ReportFormat = 'markdown' | 'csv' | 'json';

const pct = (x: number) => (100 * x).toFixed(2);
const signedPct = (x: number | null) => (x === null ? '' : `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)}`);
const yesNo = (b: boolean) => (b ? 'yes' : 'no');

interface Column {
  header: string;
  value: (row: ComparisonRow) => string;
}

const rate = (x: number | null | undefined) => (x === null || x === undefined ? '' : pct(x));
const range = (r: { min: number; max: number } | undefined) => (r ? `${pct(r.min)}–${pct(r.max)}` : '');

/** Columns shared by the Markdown and CSV reports; rates are percentages, spreads over seeds (see the notes). */
function columns(table: ComparisonTable): Column[] {
  return [
    { header: 'system', value: (r) => r.system },
    { header: 'seeds', value: (r) => String(r.seedCount) },
    { header: 'told language', value: (r) => yesNo(r.toldLanguage) },
    { header: 'compute-matched', value: (r) => yesNo(r.computeMatched) },
    { header: 'sampling', value: (r) => r.sampling ?? '' },
    { header: 'fine-tuning LR', value: (r) => r.finetune ?? '' },
    { header: 'steps', value: (r) => String(r.steps) },
    { header: 'audio h seen', value: (r) => r.audioHoursSeen.toFixed(2) },
    { header: 'steps incl. mask runs', value: (r) => String(r.stepsWithMaskRuns ?? r.steps) },
    {
      header: 'audio h incl. mask runs',
      value: (r) => (r.audioHoursWithMaskRuns ?? r.audioHoursSeen).toFixed(2),
    },
    { header: 'non-zeros', value: (r) => String(r.nonZeros) },
    { header: 'sparsity %', value: (r) => pct(r.sparsity) },
    { header: 'union sparsity %', value: (r) => (r.unionSparsity === null ? '' : pct(r.unionSparsity)) },
    ...table.languages.flatMap((l): Column[] => [
      { header: `WER ${l} %`, value: (r) => (r.perLanguage[l] ? pct(r.perLanguage[l].wer) : '') },
      { header: `CER ${l} %`, value: (r) => (r.perLanguage[l] ? pct(r.perLanguage[l].cer) : '') },
    ]),
    { header: 'avg WER %', value: (r) => pct(r.avgWer) },
    { header: 'avg CER %', value: (r) => pct(r.avgCer) },
    { header: 'WER sd %', value: (r) => rate(r.werSpread) },
    { header: 'WER min–max %', value: (r) => range(r.werRange) },
    { header: 'CER sd %', value: (r) => rate(r.cerSpread) },
    { header: 'CER min–max %', value: (r) => range(r.cerRange) },
    { header: 'rel. WER vs Dense %', value: (r) => signedPct(r.relWerVsDense) },
    { header: 'rel. WER vs LAP %', value: (r) => signedPct(r.relWerVsLap) },
    { header: 'rel. CER vs Dense %', value: (r) => signedPct(r.relCerVsDense ?? null) },
    { header: 'rel. CER vs LAP %', value: (r) => signedPct(r.relCerVsLap ?? null) },
    { header: 'rel. WER vs matched Dense %', value: (r) => signedPct(r.relWerVsDenseMatched ?? null) },
    { header: 'rel. WER vs matched LAP %', value: (r) => signedPct(r.relWerVsLapMatched ?? null) },
    { header: 'rel. CER vs matched Dense %', value: (r) => signedPct(r.relCerVsDenseMatched ?? null) },
    { header: 'rel. CER vs matched LAP %', value: (r) => signedPct(r.relCerVsLapMatched ?? null) },
    ...(['Dense', 'LAP'] as const).flatMap((base): Column[] => {
      const of = (r: ComparisonRow) => (base === 'Dense' ? r.deltaVsDense : r.deltaVsLap);
      return (['wer', 'cer'] as const).flatMap((rate): Column[] => [
        {
          header: `Δ${rate.toUpperCase()} vs ${base} pts [95 % CI]`,
          value: (r) => baselineIntervalText(of(r), rate),
        },
        {
          header: `P(better ${rate.toUpperCase()}) vs ${base}`,
          value: (r) => baselineImproveText(of(r), rate),
        },
      ]);
    }),
  ];
}

/** Why intervals are missing: each refused pair's reason, once. */
function refusals(table: ComparisonTable): string[] {
  const reasons = table.rows.flatMap((r) => [r.deltaVsDense?.refused, r.deltaVsLap?.refused]);
  return [...new Set(reasons.filter((x): x is string => typeof x === 'string'))];
}

function markdown(table: ComparisonTable): string {
  const cols = columns(table);
  const escape = (s: string) => s.replace(/\|/g, '\\|');
  const lines = [
    `| ${cols.map((c) => escape(c.header)).join(' | ')} |`,
    `|${cols.map(() => ' --- ').join('|')}|`,
    ...table.rows.map((r) => `| ${cols.map((c) => escape(c.value(r))).join(' | ')} |`),
  ];
  if (table.overlap) {
    lines.push(
      '',
      `Mask overlap: mean pairwise IoU ${table.overlap.meanPairIou.toFixed(3)}, shared by all languages ` +
        `${pct(table.overlap.sharedByAll)} %, union density ${pct(table.overlap.unionDensity)} %.`,
    );
  }
  const described = table.rows.filter((r) => r.label);
  if (described.length > 0) {
    lines.push('', 'Systems:');
    for (const r of described)
      lines.push(`- ${r.system}${r.computeMatched ? ' (compute-matched)' : ''}: ${r.label}`);
  }
  for (const note of table.notes ?? []) lines.push('', note);
  for (const reason of refusals(table)) lines.push('', `No interval: ${reason}.`);
  return lines.join('\n') + '\n';
}

/** RFC 4180 field: quoted when it holds a comma, quote or line break. */
function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csv(table: ComparisonTable): string {
  const cols = columns(table);
  return [
    cols.map((c) => csvField(c.header)),
    ...table.rows.map((r) => cols.map((c) => csvField(c.value(r)))),
  ]
    .map((fields) => fields.join(','))
    .join('\r\n')
    .concat('\r\n');
}

/** The comparison table as a report in one of the export formats. */
export function formatComparison(table: ComparisonTable, format: ReportFormat): string {
  if (format === 'markdown') return markdown(table);
  if (format === 'csv') return csv(table);
  return JSON.stringify(table, null, 2) + '\n';
}

export const REPORT_EXTENSION: Record<ReportFormat, string> = { markdown: 'md', csv: 'csv', json: 'json' };
