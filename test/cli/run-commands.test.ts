import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError, type CliIo } from '../../src/cli/command';
import { commands } from '../../src/cli/commands';
import { pruneCommand } from '../../src/cli/commands/prune';
import { trainCommand } from '../../src/cli/commands/train';
import { configFromFlags } from '../../src/cli/commands/support/run-config';
import { jobKinds } from '../../src/jobs/kinds';
import { tempDir } from '../helpers/tmp';

const silent: CliIo = { out: () => {}, err: () => {}, isTTY: false };

describe('run-creating commands', () => {
  const dir = tempDir();
  afterAll(() => dir.cleanup());

  it('are offered only when this build has the job kinds they queue', () => {
    const kinds = new Set(jobKinds().map((k) => k.kind));
    expect(commands.some((c) => c.name === 'train')).toBe(kinds.has('train'));
    expect(commands.some((c) => c.name === 'reproduce')).toBe(
      ['train', 'prune', 'pathways', 'eval'].every((k) => kinds.has(k)),
    );
  });

  it('build configs from --config FILE and dotted --set overrides, values read as JSON when they parse', () => {
    const file = join(dir.path, 'c.json');
    writeFileSync(file, JSON.stringify({ steps: 10, model: { dModel: 64, layers: 2 } }));
    expect(
      configFromFlags({
        config: file,
        set: ['steps=20', 'model.layers=4', 'schedule.kind=cosine', 'note=a=b'],
      }),
    ).toEqual({
      steps: 20,
      model: { dModel: 64, layers: 4 },
      schedule: { kind: 'cosine' },
      note: 'a=b',
    });
    expect(() => configFromFlags({ set: ['novalue'] })).toThrow(UsageError);
    writeFileSync(file, '[1]');
    expect(() => configFromFlags({ config: file })).toThrow(/expected a JSON object/);
  });

  it('reject incomplete requests before opening anything', async () => {
    await expect(trainCommand.run({ values: {}, positionals: [] }, silent)).rejects.toThrow(/--dataset ID/);
    await expect(
      pruneCommand.run({ values: { parent: ['run_1'] }, positionals: ['magic'] }, silent),
    ).rejects.toThrow(/prune what\?/);
    await expect(
      pruneCommand.run({ values: { parent: ['run_1'], lang: ['fr', 'it'] }, positionals: ['lsp'] }, silent),
    ).rejects.toThrow(/exactly one --lang/);
    await expect(
      pruneCommand.run({ values: { parent: ['run_1'], sparsity: '1.2' }, positionals: ['lap'] }, silent),
    ).rejects.toThrow(/\[0, 1\)/);
  });
});
