import { commands } from '../../src/cli/commands';
import { COMMON_OPTIONS, EXIT } from '../../src/cli/command';
import { optionType } from '../../src/cli/help';
import { runCli } from './run-cli';

/** The help line of one option: `--name`, then (after its value's name) a description and its type in brackets. */
function helpLine(out: string, name: string): string | undefined {
  return out
    .split('\n')
    .find((line) => new RegExp(`^\\s+(-\\w, )?--${name}( \\S+)?\\s{2,}\\S`, 'u').test(line));
}

describe('pathways <command> --help', () => {
  // the command table itself: a command or option added without a description fails here
  for (const command of commands) {
    it(`${command.name}: describes every option with its type and default`, async () => {
      const { code, out } = await runCli([command.name, '--help']);
      expect(code).toBe(EXIT.ok);
      expect(out).toContain(`Usage: ${command.usage}`);
      for (const [name, spec] of Object.entries({ ...command.options, ...COMMON_OPTIONS })) {
        expect(spec.description.trim().length, `--${name} of ${command.name}`).toBeGreaterThan(10);
        const line = helpLine(out, name);
        expect(line, `--${name} of ${command.name}`).toBeDefined();
        expect(line).toContain(spec.description);
        expect(line).toContain(optionType(spec));
        if (spec.type === 'string' && spec.default !== undefined)
          expect(line).toContain(`default ${String(spec.default)}`);
      }
    });
  }

  it('names the type, the repeatability and the default of a value', async () => {
    const { out } = await runCli(['train', '--help']);
    expect(helpLine(out, 'seed')).toMatch(/--seed N\s+Seed .*\[integer; default 0\]$/u);
    expect(helpLine(out, 'dataset')).toMatch(/--dataset ID\s+.*\[id, repeatable\]$/u);
    expect(helpLine(out, 'detach')).toMatch(/\[flag\]$/u);
    expect(helpLine((await runCli(['import', '--help'])).out, 'format')).toContain(
      '[one of mls, librispeech, commonvoice, kaldi, jsonl, csv]',
    );
  });
});

describe('usage errors name the option', () => {
  it('suggests the option a typo meant', async () => {
    const { code, err } = await runCli(['train', '--datset', 'd1']);
    expect(code).toBe(EXIT.usage);
    expect(err).toMatch(/^pathways train: unknown option --datset \(did you mean --dataset\?\)\n/u);
  });

  it('says which option lacks its value, which flag got one, and which value is not a choice', async () => {
    expect((await runCli(['train', '--seed'])).err).toMatch(/^pathways train: --seed needs a value \(N\)/u);
    expect((await runCli(['eval', 'run_x', '--detach=yes'])).err).toMatch(
      /^pathways eval: --detach is a flag and takes no value/u,
    );
    const state = await runCli(['jobs', 'list', '--state', 'done']);
    expect(state.code).toBe(EXIT.usage);
    expect(state.err).toMatch(/^pathways jobs: --state must be one of queued, running, .* \(got 'done'\)/u);
  });
});
