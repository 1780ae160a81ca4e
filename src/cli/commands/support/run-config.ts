import { readFileSync } from 'node:fs';
import { UsageError } from '../../command';

/**
 * A run config from `--config FILE.json` overlaid with `--set key=value` pairs (dotted keys make nested objects;
 * values are read as JSON when they parse, else as strings).
 */
export function configFromFlags(values: Record<string, unknown>): Record<string, unknown> {
  let config: Record<string, unknown> = {};
  if (typeof values.config === 'string') {
    try {
      config = JSON.parse(readFileSync(values.config, 'utf8')) as Record<string, unknown>;
    } catch (error) {
      throw new UsageError(`--config ${values.config}: ${(error as Error).message}`);
    }
    if (typeof config !== 'object' || config === null || Array.isArray(config))
      throw new UsageError(`--config ${values.config}: expected a JSON object`);
  }
  for (const pair of (values.set as string[] | undefined) ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--set expects key=value, got '${pair}'`);
    const path = pair.slice(0, eq).split('.');
    const raw = pair.slice(eq + 1);
    let value: unknown = raw;
    try {
      value = JSON.parse(raw);
    } catch {
      // a plain string
    }
    let target = config;
    for (const key of path.slice(0, -1)) {
      const next = target[key];
      target = (target[key] =
        typeof next === 'object' && next !== null && !Array.isArray(next) ? next : {}) as Record<
        string,
        unknown
      >;
    }
    target[path[path.length - 1]] = value;
  }
  return config;
}

export function seedFrom(values: Record<string, unknown>): number {
  const seed = Number(values.seed ?? 0);
  if (!Number.isInteger(seed) || seed < 0) throw new UsageError('--seed must be a whole number ≥ 0');
  return seed;
}

export function sparsityFrom(values: Record<string, unknown>): number | undefined {
  if (values.sparsity === undefined) return undefined;
  const s = Number(values.sparsity);
  if (!(s >= 0 && s < 1)) throw new UsageError('--sparsity must be in [0, 1)');
  return s;
}

export const RUN_OPTIONS = {
  dataset: { type: 'string', multiple: true },
  lang: { type: 'string', multiple: true },
  seed: { type: 'string', default: '0' },
  name: { type: 'string' },
  parent: { type: 'string', multiple: true },
  config: { type: 'string' },
  set: { type: 'string', multiple: true },
  detach: { type: 'boolean', default: false },
} as const;
