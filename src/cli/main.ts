import { EXIT, parseCommandArgs, UsageError, type CliIo, type Command } from './command';
import { commands } from './commands';

const processIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  isTTY: Boolean(process.stdout.isTTY),
};

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
    'Common options: --home H (default $PATHWAYS_HOME or ~/.pathways-studio), --json, --backend auto|tensorflow|wasm|cpu',
    `Exit codes: ${EXIT.ok} ok, ${EXIT.failure} failure, ${EXIT.usage} usage error, ${EXIT.notFound} not found, ${EXIT.interrupted} interrupted`,
    '',
  ].join('\n');
}

function commandHelp(command: Command): string {
  const options = Object.entries(command.options).map(
    ([name, o]) => `  --${name}${o.type === 'string' ? ' VALUE' : ''}`,
  );
  return [
    command.summary,
    '',
    `Usage: ${command.usage}`,
    ...(options.length ? ['', 'Options:', ...options] : []),
    '',
  ].join('\n');
}

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(helpText());
    return EXIT.ok;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.err(`pathways: unknown command '${name}'\n\n${helpText()}`);
    return EXIT.usage;
  }
  try {
    const args = parseCommandArgs(command, rest);
    if (args.values.help) {
      io.out(commandHelp(command));
      return EXIT.ok;
    }
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`pathways ${name}: ${error.message}\n\n${commandHelp(command)}`);
      return EXIT.usage;
    }
    io.err(`pathways ${name}: ${(error as Error).message}\n`);
    return EXIT.failure;
  }
}
