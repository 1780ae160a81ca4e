/** Ratios between benchmarks of one run (tfjs / PyTorch), and the printed table. */
import type { BenchResult } from './protocol';

export interface Ratio {
  label: string;
  numerator: string;
  denominator: string;
  /** Wall-time ratio. */
  value: number;
  /** CPU-time ratio, when both sides report CPU time. */
  cpuValue?: number;
  target?: number;
  /** Parameter counts of both sides, when they report them (the pair must be the same model). */
  params?: [number, number];
}

/** Pairs [tfjs benchmark, PyTorch benchmark, metric, target ratio]. */
const RATIO_PAIRS: [string, string, string, number | undefined][] = [
  ['transformer-wasm-kernels', 'transformer-torch', 'msPerStep', 3],
  ['transformer-wasm-kernels-2t', 'transformer-torch', 'msPerStep', 3],
  ['transformer-wasm', 'transformer-torch', 'msPerStep', undefined],
  ['transformer-cpu', 'transformer-torch', 'msPerStep', undefined],
  ['demo-rnnt-wasm-kernels', 'demo-rnnt-torch', 'msPerStep', 3],
  ['demo-rnnt-wasm', 'demo-rnnt-torch', 'msPerStep', undefined],
  ['demo-rnnt-pruned-wasm-kernels', 'demo-rnnt-wasm-kernels', 'msPerStep', undefined],
  ['rnnt-loss-wasm-kernels', 'rnnt-loss-torch', 'msPerStep', 2],
  ['rnnt-loss-cpu', 'rnnt-loss-torch', 'msPerStep', undefined],
];

export function computeRatios(results: BenchResult[]): Ratio[] {
  const byName = new Map(results.filter((r) => r.status === 'ok').map((r) => [r.name, r]));
  const ratios: Ratio[] = [];
  for (const [num, den, metric, target] of RATIO_PAIRS) {
    const a = byName.get(num);
    const b = byName.get(den);
    if (!a || !b || !(metric in a.metrics) || !(metric in b.metrics)) continue;
    const cpuA = a.metrics.cpuMsPerStep;
    const cpuB = b.metrics.cpuMsPerStep;
    const paramsA = a.metrics.params;
    const paramsB = b.metrics.params;
    ratios.push({
      label: `${num} / ${den}`,
      numerator: num,
      denominator: den,
      value: a.metrics[metric] / b.metrics[metric],
      ...(cpuA !== undefined && cpuB !== undefined ? { cpuValue: cpuA / cpuB } : {}),
      ...(target !== undefined ? { target } : {}),
      ...(paramsA !== undefined && paramsB !== undefined ? { params: [paramsA, paramsB] } : {}),
    });
  }
  return ratios;
}

const fmt = (value: number | undefined, digits = 1): string =>
  value === undefined || !Number.isFinite(value) ? '' : value.toFixed(digits);

const rtfs = (m: Record<string, number>, prefix = ''): string => {
  const get = (key: string): number | undefined =>
    m[prefix ? `${prefix}${key[0].toUpperCase()}${key.slice(1)}` : key];
  return (
    `greedy RTF ${fmt(get('greedyRtf'), 3)} (cpu ${fmt(get('greedyCpuRtf'), 3)}), ` +
    `beam 4 ${fmt(get('beamRtf'), 3)} (cpu ${fmt(get('beamCpuRtf'), 3)}), ${fmt(get('greedyTokensPerSecond'))} tokens/s`
  );
};

/** The decode benchmark's line: which model, how much audio, RTFs (wall and CPU), tokens/s and CER. */
function decodeLine(results: BenchResult[]): string[] {
  const r = results.find((x) => x.name === 'decode-rtf' && x.status === 'ok');
  if (!r) return [];
  const m = r.metrics;
  const seconds = fmt(Number(r.details?.audioSeconds), 1);
  const head = `decode-rtf: ${String(r.details?.model)}, ${seconds} s: ${rtfs(m)}`;
  if (m.greedyCer === undefined) return ['', head];
  const random = r.details?.random as { model?: string; audioSeconds?: number } | undefined;
  return [
    '',
    `${head}, CER ${fmt(100 * m.greedyCer)} % (beam ${fmt(100 * m.beamCer)} %)`,
    `  ${String(random?.model)}, ${fmt(random?.audioSeconds, 1)} s: ${rtfs(m, 'random')}`,
  ];
}

export function formatTable(results: BenchResult[], ratios: Ratio[]): string {
  const rows = results.map((r) => [
    r.name,
    r.status,
    r.primary ? `${fmt(r.primary.value, r.primary.value < 10 ? 3 : 1)} ${r.primary.unit}` : '',
    fmt(r.metrics.cpuMsPerStep),
    fmt(r.metrics.maxRssMiB, 0),
    r.status === 'ok' ? '' : (r.reason ?? '').split('\n')[0].slice(0, 70),
  ]);
  const header = ['benchmark', 'status', 'result', 'cpu ms', 'peak RSS MiB', 'note'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  const out = [
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    ...decodeLine(results),
  ];
  if (ratios.length > 0) {
    out.push('', 'ratios (same run):');
    for (const r of ratios) {
      const target =
        r.target === undefined ? '' : `  target ≤ ${r.target}× ${r.value <= r.target ? 'met' : 'NOT met'}`;
      const params =
        r.params && r.params[0] !== r.params[1]
          ? `  PARAMETER COUNTS DIFFER (${r.params[0]} vs ${r.params[1]})`
          : '';
      out.push(`  ${r.label}: ${fmt(r.value, 2)}× wall, ${fmt(r.cpuValue, 2)}× cpu${target}${params}`);
    }
  }
  return out.join('\n');
}
