import type { BaselineDelta, ComparisonRow, DeltaInterval } from '../../shared/api';
import { compactNumber, percent, signedPercent } from './format';

/** One column of the Results table: its sort value, its cell text, an optional muted detail and a hover title. */
export interface ResultColumn {
  key: string;
  label: string;
  /** Header tooltip. */
  hint?: string;
  value: (row: ComparisonRow) => number | string | null;
  show: (row: ComparisonRow) => string;
  detail?: (row: ComparisonRow) => string;
  title?: (row: ComparisonRow) => string;
}

type Range = { min: number; max: number } | undefined;

/** "± 0.4%" for a sample sd over seeds; empty with one seed (null) or an older row without it (undefined). */
export function spreadText(sd: number | null | undefined): string {
  return sd === null || sd === undefined ? '' : `± ${percent(sd)}`;
}

/** "min–max over seeds: 11.9%–12.8%", or empty for an older row without the range. */
export function rangeTitle(range: Range): string {
  return range ? `min–max over seeds: ${percent(range.min)}–${percent(range.max)}` : '';
}

/** The total including the mask runs when it is known and differs from the row's own figure, else empty. */
function withMasks(own: number, total: number | undefined, show: (x: number) => string): string {
  return total === undefined || show(total) === show(own) ? '' : `(${show(total)})`;
}

const hoursText = (h: number) => h.toFixed(2);

const MATCHED_HINT = 'Relative change; in brackets against the compute-matched row';
/** "(matched −3.1%)": the change against the compute-matched row, or empty without one. */
function matchedText(x: number | null | undefined): string {
  return x === null || x === undefined ? '' : `(matched ${signedPercent(x)})`;
}
const yesNo = (b: boolean) => (b ? 'yes' : 'no');

const points = (x: number) => `${x > 0 ? '+' : ''}${(100 * x).toFixed(1)}`;
/** "-1.2 [-2.0, -0.4]*": a change in points with its interval, starred when the interval excludes 0. */
function intervalText(d: DeltaInterval): string {
  return `${points(d.delta)} [${points(d.low)}, ${points(d.high)}]${d.significant ? '*' : ''}`;
}

/** A row's bootstrap interval against a baseline: "Δ" and the WER change shown, CER beneath, P(better) on hover. */
function intervalColumn(
  key: string,
  base: string,
  of: (r: ComparisonRow) => BaselineDelta | null | undefined,
): ResultColumn {
  const average = (r: ComparisonRow) => of(r)?.bootstrap?.average;
  return {
    key,
    label: `95% CI vs ${base}`,
    hint: `Paired bootstrap: change of the average WER (CER beneath) against ${base}, in points; * excludes 0`,
    value: (r) => average(r)?.wer.delta ?? null,
    show: (r) => {
      const a = average(r);
      return a ? `Δ ${intervalText(a.wer)}` : of(r)?.refused ? 'refused' : '—';
    },
    detail: (r) => {
      const a = average(r);
      return a ? `CER ${intervalText(a.cer)}` : '';
    },
    title: (r) => {
      const a = average(r);
      return a
        ? `better in ${percent(a.wer.pImprove)} of resamples (CER ${percent(a.cer.pImprove)})`
        : (of(r)?.refused ?? '');
    },
  };
}

/** The Results table's columns for these languages; sortable by `value` (missing values sort last). */
export function resultColumns(languages: readonly string[]): ResultColumn[] {
  return [
    {
      key: 'system',
      label: 'System',
      value: (r) => r.system,
      show: (r) => r.system,
      title: (r) =>
        [r.label, r.sampling && `sampling: ${r.sampling}`, r.finetune && `fine-tuning LR: ${r.finetune}`]
          .filter(Boolean)
          .join('; '),
    },
    {
      key: 'told',
      label: 'Told lang.',
      hint: 'Told the utterance language at test time',
      value: (r) => (r.toldLanguage ? 1 : 0),
      show: (r) => yesNo(r.toldLanguage),
    },
    ...languages.flatMap((l): ResultColumn[] => [
      {
        key: `wer:${l}`,
        label: `WER ${l}`,
        value: (r) => r.perLanguage[l]?.wer ?? null,
        show: (r) => percent(r.perLanguage[l]?.wer),
      },
      {
        key: `cer:${l}`,
        label: `CER ${l}`,
        value: (r) => r.perLanguage[l]?.cer ?? null,
        show: (r) => percent(r.perLanguage[l]?.cer),
      },
    ]),
    {
      key: 'avgWer',
      label: 'Avg WER ± sd',
      value: (r) => r.avgWer,
      show: (r) => percent(r.avgWer),
      detail: (r) => spreadText(r.werSpread),
      title: (r) => rangeTitle(r.werRange),
    },
    {
      key: 'avgCer',
      label: 'Avg CER ± sd',
      value: (r) => r.avgCer,
      show: (r) => percent(r.avgCer),
      detail: (r) => spreadText(r.cerSpread),
      title: (r) => rangeTitle(r.cerRange),
    },
    {
      key: 'relDense',
      label: 'ΔWER vs dense',
      hint: MATCHED_HINT,
      value: (r) => r.relWerVsDense,
      show: (r) => signedPercent(r.relWerVsDense),
      detail: (r) => matchedText(r.relWerVsDenseMatched),
    },
    {
      key: 'relLap',
      label: 'ΔWER vs LAP',
      hint: MATCHED_HINT,
      value: (r) => r.relWerVsLap,
      show: (r) => signedPercent(r.relWerVsLap),
      detail: (r) => matchedText(r.relWerVsLapMatched),
    },
    {
      key: 'relCerDense',
      label: 'ΔCER vs dense',
      hint: MATCHED_HINT,
      value: (r) => r.relCerVsDense ?? null,
      show: (r) => signedPercent(r.relCerVsDense),
      detail: (r) => matchedText(r.relCerVsDenseMatched),
    },
    {
      key: 'relCerLap',
      label: 'ΔCER vs LAP',
      hint: MATCHED_HINT,
      value: (r) => r.relCerVsLap ?? null,
      show: (r) => signedPercent(r.relCerVsLap),
      detail: (r) => matchedText(r.relCerVsLapMatched),
    },
    intervalColumn('ciDense', 'dense', (r) => r.deltaVsDense),
    intervalColumn('ciLap', 'LAP', (r) => r.deltaVsLap),
    { key: 'sparsity', label: 'Sparsity', value: (r) => r.sparsity, show: (r) => percent(r.sparsity, 0) },
    { key: 'nonZeros', label: 'Non-zeros', value: (r) => r.nonZeros, show: (r) => compactNumber(r.nonZeros) },
    {
      key: 'steps',
      label: 'Steps (incl. masks)',
      hint: 'Optimizer steps per seed; in brackets with the LSP/LAP runs whose masks the system uses',
      value: (r) => r.stepsWithMaskRuns ?? r.steps,
      show: (r) => compactNumber(r.steps),
      detail: (r) => withMasks(r.steps, r.stepsWithMaskRuns, compactNumber),
    },
    {
      key: 'audio',
      label: 'Audio h',
      hint: 'Hours of audio seen per seed; in brackets with the mask runs',
      value: (r) => r.audioHoursWithMaskRuns ?? r.audioHoursSeen,
      show: (r) => hoursText(r.audioHoursSeen),
      detail: (r) => withMasks(r.audioHoursSeen, r.audioHoursWithMaskRuns, hoursText),
    },
    {
      key: 'compute',
      label: 'Compute',
      hint: 'Compute-matched: trained as many steps as pathways plus its LSP runs',
      value: (r) => (r.computeMatched ? 1 : 0),
      show: (r) => (r.computeMatched ? 'matched' : '—'),
    },
    { key: 'seeds', label: 'Seeds', value: (r) => r.seedCount, show: (r) => String(r.seedCount) },
  ];
}
