/** A linear map from a data domain to a pixel range. */
export function linearScale(domain: [number, number], range: [number, number]): (value: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0 || 1;
  return (value) => r0 + ((value - d0) / span) * (r1 - r0);
}

/** About `count` round tick values covering [min, max] (steps of 1, 2 or 5 × 10^k). */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (min === max) return [min];
  const step = niceStep(min, max, count);
  const ticks: number[] = [];
  for (let tick = Math.ceil(min / step) * step; tick <= max + step * 1e-9; tick += step)
    ticks.push(Number(tick.toPrecision(12)));
  return ticks;
}

/** The tick step niceTicks uses for a range. */
function niceStep(min: number, max: number, count: number): number {
  const raw = (max - min) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * power).find((candidate) => candidate >= raw) ?? raw;
}

/** [min, max] widened outwards to whole tick steps, so the first and last ticks frame every value. */
export function niceDomain(min: number, max: number, count = 5): [number, number] {
  if (!Number.isFinite(min) || !Number.isFinite(max) || min === max) return [min, max];
  const step = niceStep(min, max, count);
  const round = (value: number) => Number(value.toPrecision(12));
  return [round(Math.floor(min / step + 1e-9) * step), round(Math.ceil(max / step - 1e-9) * step)];
}

/** The range of all values, widened to include zero when asked (bar charts). */
export function extent(values: readonly number[], includeZero = false): [number, number] {
  const finite = values.filter(Number.isFinite);
  let lo = finite.length ? Math.min(...finite) : 0;
  let hi = finite.length ? Math.max(...finite) : 1;
  if (includeZero) {
    lo = Math.min(lo, 0);
    hi = Math.max(hi, 0);
  }
  return lo === hi ? [lo - 1, hi + 1] : [lo, hi];
}

export function tickLabel(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1e6) return `${value / 1e6}M`;
  if (abs >= 1e3) return `${value / 1e3}k`;
  return String(Number(value.toPrecision(4)));
}

/** A categorical palette from CSS variables (defined in styles.css for both themes). */
export function seriesColor(index: number): string {
  return `var(--series-${index % 8})`;
}
