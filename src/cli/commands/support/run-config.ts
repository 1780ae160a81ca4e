import { readFileSync } from 'node:fs';
import { DEFAULT_SPARSITY } from '../../../shared/api';
import { UsageError, type OptionSpec, type Options } from '../../command';

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

/** The options of every command that creates a run (train, prune, pathways). */
export const RUN_OPTIONS: Options = {
  dataset: {
    type: 'string',
    placeholder: 'ID',
    valueType: 'id',
    multiple: true,
    description: 'A dataset to train on; repeat for several (see `pathways datasets`)',
  },
  lang: {
    type: 'string',
    placeholder: 'L',
    valueType: 'language code',
    multiple: true,
    description: "A language to train on; repeat for several (default: all the datasets' languages)",
  },
  seed: {
    type: 'string',
    placeholder: 'N',
    valueType: 'integer',
    default: '0',
    description: 'Seed of initialisation and data order (whole number ≥ 0)',
  },
  name: { type: 'string', placeholder: 'N', description: 'Name of the run (default: made from its kind)' },
  parent: {
    type: 'string',
    placeholder: 'RUN',
    valueType: 'id',
    multiple: true,
    description: 'A run this one starts from (a dense run, or the LSP runs whose masks it uses)',
  },
  config: {
    type: 'string',
    placeholder: 'FILE',
    valueType: 'path',
    description: 'JSON file of run settings',
  },
  set: {
    type: 'string',
    placeholder: 'key=value',
    valueType: 'key=value',
    multiple: true,
    description: 'One run setting, over --config (dotted keys nest; values read as JSON)',
  },
  detach: {
    type: 'boolean',
    default: false,
    description:
      'Queue the jobs and return; they run when jobs next run here (the app, web mode, or jobs resume)',
  },
};

export const SPARSITY_OPTION: OptionSpec = {
  type: 'string',
  placeholder: 'S',
  valueType: 'number',
  description: `Fraction of prunable weights set to zero, in [0, 1) (default ${DEFAULT_SPARSITY})`,
};
