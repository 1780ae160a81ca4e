/** A labelled time span (a token or a word). */
export interface TimedLabel {
  text: string;
  startSec: number;
  endSec: number;
}

/** Audacity label track: one `start<TAB>end<TAB>label` line per span, times in seconds. */
export function audacityLabels(labels: readonly TimedLabel[]): string {
  return labels
    .map((l) => `${l.startSec.toFixed(6)}\t${l.endSec.toFixed(6)}\t${l.text.replace(/[\t\r\n]/g, ' ')}\n`)
    .join('');
}

export interface TextGridTier {
  name: string;
  labels: readonly TimedLabel[];
}

const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;

/**
 * A Praat TextGrid (long text format) with one interval tier per tier given. Gaps between spans become empty
 * intervals so each tier covers [0, durationSec] without holes, as Praat requires; overlapping or unordered
 * spans are rejected.
 */
export function praatTextGrid(tiers: readonly TextGridTier[], durationSec: number): string {
  const xmax = Math.max(durationSec, ...tiers.flatMap((t) => t.labels.map((l) => l.endSec)));
  const lines = [
    'File type = "ooTextFile"',
    'Object class = "TextGrid"',
    '',
    'xmin = 0',
    `xmax = ${xmax}`,
    'tiers? <exists>',
    `size = ${tiers.length}`,
    'item []:',
  ];
  tiers.forEach((tier, t) => {
    const intervals: TimedLabel[] = [];
    let at = 0;
    for (const l of tier.labels) {
      if (l.startSec < at - 1e-9 || l.endSec < l.startSec) {
        throw new RangeError(
          `tier '${tier.name}': span '${l.text}' (${l.startSec}–${l.endSec} s) overlaps the previous one or ends before it starts`,
        );
      }
      if (l.startSec > at) intervals.push({ text: '', startSec: at, endSec: l.startSec });
      intervals.push(l);
      at = l.endSec;
    }
    if (at < xmax) intervals.push({ text: '', startSec: at, endSec: xmax });
    lines.push(
      `    item [${t + 1}]:`,
      '        class = "IntervalTier"',
      `        name = ${quote(tier.name)}`,
      '        xmin = 0',
      `        xmax = ${xmax}`,
      `        intervals: size = ${intervals.length}`,
    );
    intervals.forEach((iv, i) => {
      lines.push(
        `        intervals [${i + 1}]:`,
        `            xmin = ${iv.startSec}`,
        `            xmax = ${iv.endSec}`,
        `            text = ${quote(iv.text)}`,
      );
    });
  });
  return lines.join('\n') + '\n';
}
