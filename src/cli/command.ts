import { parseArgs } from 'node:util';
import { BACKEND_PREFERENCES } from '../engine/backend';
import { closestOption } from './option-names';

/** Where a command writes; tests pass buffers, the CLI passes the process streams. */
export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  isTTY: boolean;
}

/**
 * One command-line option: how node:util's parseArgs reads it, plus what `--help` says about it. Every option of
 * every command is described here, in one place; the help text and the parse errors are made from these.
 */
export interface OptionSpec {
  /** `string` takes a value (`--seed 3`); `boolean` is a flag (`--detach`). */
  type: 'string' | 'boolean';
  /** What the option does, one sentence. */
  description: string;
  /** The value's name in help and usage, e.g. ID, FILE, N (string options; default VALUE). */
  placeholder?: string;
  /** What the value is, as help names it (string options; default text). Commands check numbers themselves. */
  valueType?: ValueType;
  /** Given more than once, every value counts (`--dataset a --dataset b`). */
  multiple?: boolean;
  short?: string;
  default?: string | boolean;
  /** The values it accepts; anything else is a usage error naming the option. */
  choices?: readonly string[];
}

export type Options = Record<string, OptionSpec>;

/** The kinds of option value help names. */
export type ValueType =
  | 'text'
  | 'integer'
  | 'number'
  | 'path'
  | 'id'
  | 'language code'
  | 'key=value'
  | 'comma-separated integers'
  | 'comma-separated names';

export interface Command {
  name: string;
  summary: string;
  usage: string;
  options: Options;
  run(
    args: {
      values: Record<string, string | boolean | (string | boolean)[] | undefined>;
      positionals: string[];
    },
    io: CliIo,
  ): Promise<number>;
}

/** Exit codes, documented in README and `pathways --help`. */
export const EXIT = { ok: 0, failure: 1, usage: 2, notFound: 3, interrupted: 130 } as const;

export const COMMON_OPTIONS: Options = {
  home: {
    type: 'string',
    placeholder: 'DIR',
    valueType: 'path',
    description: 'Home folder of datasets, runs and jobs (default $PATHWAYS_HOME, else ~/.pathways-studio)',
  },
  json: { type: 'boolean', default: false, description: 'Print machine-readable JSON instead of text' },
  backend: {
    type: 'string',
    placeholder: 'NAME',
    choices: BACKEND_PREFERENCES,
    description:
      'Compute backend for jobs (default $PATHWAYS_BACKEND, else auto: a hardware WebGPU adapter, tfjs-node, wasm, cpu; webgpu also takes a software adapter)',
  },
  help: { type: 'boolean', short: 'h', default: false, description: 'Show this help' },
};

export class UsageError extends Error {}

/** node:util's reading of the options: the parse settings without the help text. */
function parseArgsOptions(options: Options) {
  return Object.fromEntries(
    Object.entries(options).map(([name, o]) => [
      name,
      {
        type: o.type,
        ...(o.multiple ? { multiple: true } : {}),
        ...(o.short ? { short: o.short } : {}),
        ...(o.default !== undefined ? { default: o.default } : {}),
      },
    ]),
  );
}

/** node:util's parse errors, reworded to start with the option they are about. */
function usageMessage(error: Error, options: Options): string {
  const code = (error as Error & { code?: string }).code;
  const named = /'(-{1,2}[^' <]+)/u.exec(error.message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && named) {
    const guess = closestOption(named.replace(/^-+/u, ''), Object.keys(options));
    return `unknown option ${named}${guess ? ` (did you mean --${guess}?)` : ''}`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && named) {
    const spec = options[named.replace(/^-+/u, '')];
    if (spec?.type === 'boolean') return `${named} is a flag and takes no value`;
    const dash = /ambiguous/u.test(error.message) ? `; for a value starting with '-' write ${named}=-…` : '';
    return `${named} needs a value (${spec?.placeholder ?? 'VALUE'})${dash}`;
  }
  return error.message;
}

export function parseCommandArgs(command: Command, argv: string[]) {
  const options = { ...COMMON_OPTIONS, ...command.options };
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: parseArgsOptions(options),
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(usageMessage(error as Error, options));
  }
  for (const [name, spec] of Object.entries(options)) {
    if (!spec.choices) continue;
    const given = parsed.values[name];
    for (const value of Array.isArray(given) ? given : given === undefined ? [] : [given]) {
      if (!spec.choices.includes(String(value)))
        throw new UsageError(`--${name} must be one of ${spec.choices.join(', ')} (got '${String(value)}')`);
    }
  }
  return parsed;
}
