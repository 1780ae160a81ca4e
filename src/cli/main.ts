import { EXIT, parseCommandArgs, UsageError, type CliIo } from './command';
import { commands } from './commands';
import { commandHelp, helpText } from './help';

const processIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  isTTY: Boolean(process.stdout.isTTY),
};

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
