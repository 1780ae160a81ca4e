import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Where a command writes; tests pass buffers, the CLI passes the process streams. */
export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  isTTY: boolean;
}

export type Options = NonNullable<ParseArgsConfig['options']>;

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
  home: { type: 'string' },
  json: { type: 'boolean', default: false },
  backend: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
};

export class UsageError extends Error {}

export function parseCommandArgs(command: Command, argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: { ...COMMON_OPTIONS, ...command.options },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
