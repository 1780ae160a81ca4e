import { COMMON_OPTIONS, EXIT, type Command, type OptionSpec, type Options } from './command';
import { commands } from './commands';

/** `--name PLACEHOLDER` (with `, -h` for a short form) as help lists it. */
function optionName(name: string, o: OptionSpec): string {
  const short = o.short ? `-${o.short}, ` : '';
  return `${short}--${name}${o.type === 'string' ? ` ${o.placeholder ?? 'VALUE'}` : ''}`;
}

/** What kind of value an option takes and what it is when not given, e.g. `[integer, repeatable; default 0]`. */
export function optionType(o: OptionSpec): string {
  const type =
    o.type === 'boolean' ? 'flag' : o.choices ? `one of ${o.choices.join(', ')}` : (o.valueType ?? 'text');
  const facts = [type, ...(o.multiple ? ['repeatable'] : [])].join(', ');
  const fallback = o.type === 'string' && o.default !== undefined ? `; default ${String(o.default)}` : '';
  return `[${facts}${fallback}]`;
}

/** One line per option: name and value, then description, type and default. */
export function optionLines(options: Options): string[] {
  const entries = Object.entries(options);
  const width = Math.min(30, Math.max(0, ...entries.map(([name, o]) => optionName(name, o).length)));
  return entries.map(([name, o]) => {
    const left = optionName(name, o);
    const gap = left.length > width ? `\n  ${' '.repeat(width)}  ` : ' '.repeat(width - left.length + 2);
    return `  ${left}${gap}${o.description} ${optionType(o)}`;
  });
}

export function helpText(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'pathways — sparse multilingual ASR with language-specific pathways (headless CLI of Pathways Studio)',
    '',
    'Usage: pathways <command> [options]      pathways <command> --help',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Common options (every command):',
    ...optionLines(COMMON_OPTIONS),
    '',
    `Exit codes: ${EXIT.ok} ok, ${EXIT.failure} failure, ${EXIT.usage} usage error, ${EXIT.notFound} not found, ${EXIT.interrupted} interrupted`,
    '',
  ].join('\n');
}

/** A command's `--help`: summary, usage, each of its options described, then the common ones. */
export function commandHelp(command: Command): string {
  const own = optionLines(command.options);
  return [
    command.summary,
    '',
    `Usage: ${command.usage}`,
    ...(own.length ? ['', 'Options:', ...own] : []),
    '',
    'Common options:',
    ...optionLines(COMMON_OPTIONS),
    '',
  ].join('\n');
}
