import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { commands } from '../../src/cli/commands';
import { EXIT } from '../../src/cli/command';
import { tempDir } from '../helpers/tmp';
import { writeSmallCorpus } from '../jobs/fixtures/corpus';
import { runCli } from './run-cli';

const BIN = fileURLToPath(new URL('../../bin/pathways.js', import.meta.url));

describe('pathways import / datasets / jobs', () => {
  const home = tempDir('pathways-cli-');
  const corpus = tempDir('pathways-cli-corpus-');
  const common = ['--home', home.path, '--backend', 'cpu'];
  afterAll(() => {
    home.cleanup();
    corpus.cleanup();
  });

  it('imports a corpus and prints a JSON summary: counts per language, hours, problems by kind', async () => {
    const manifest = writeSmallCorpus(corpus.path);
    const { code, out, err } = await runCli(['import', manifest, '--json', ...common]);
    expect(code, err).toBe(EXIT.ok);
    const summary = JSON.parse(out);
    expect(summary.format).toBe('jsonl');
    expect(summary.utterances).toBe(3);
    expect(summary.hours).toBeCloseTo(4.5 / 3600, 6);
    expect(
      Object.fromEntries(
        summary.languages.map((l: { language: string; utterances: number }) => [l.language, l.utterances]),
      ),
    ).toEqual({ en: 1, fr: 2 });
    expect(summary.problemsByKind).toEqual({ missing_file: 1, malformed_row: 1 });
    expect(err).toMatch(/import/);

    const listed = await runCli(['datasets', '--json', ...common]);
    expect(listed.code).toBe(EXIT.ok);
    expect(JSON.parse(listed.out).map((d: { id: string }) => d.id)).toEqual([summary.datasetId]);
    const jobs = await runCli(['jobs', 'list', '--state', 'succeeded', '--json', ...common]);
    expect(JSON.parse(jobs.out).map((j: { kind: string }) => j.kind)).toEqual(['import']);
  });

  it('exits 3 for a missing path or unknown ids and 2 for bad flags', async () => {
    expect((await runCli(['import', join(corpus.path, 'nope'), ...common])).code).toBe(EXIT.notFound);
    expect((await runCli(['jobs', 'show', 'job_nope', ...common])).code).toBe(EXIT.notFound);
    expect((await runCli(['runs', 'show', 'run_nope', ...common])).code).toBe(EXIT.notFound);
    expect((await runCli(['masks', 'run_nope', ...common])).code).toBe(EXIT.notFound);
    const bad = await runCli(['import', corpus.path, '--format', 'mp3', ...common]);
    expect(bad.code).toBe(EXIT.usage);
    expect(bad.err).toMatch(/--format must be one of mls/);
    expect((await runCli(['jobs', 'frobnicate', ...common])).code).toBe(EXIT.usage);
    expect((await runCli(['runs', 'delete', 'run_x', ...common])).err).toMatch(/confirm with --yes/);
  });

  it('answers --help on every subcommand', async () => {
    for (const command of commands) {
      const { code, out } = await runCli([command.name, '--help']);
      expect(code, command.name).toBe(EXIT.ok);
      expect(out).toContain(`Usage: ${command.usage}`);
    }
  });

  it('runs as a real process through bin/pathways.js from any working folder, workers included', () => {
    const manifest = join(corpus.path, 'manifest.jsonl');
    const imported = spawnSync(process.execPath, [BIN, 'import', manifest, '--json', ...common], {
      encoding: 'utf8',
      cwd: tmpdir(),
    });
    expect(imported.status, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout).utterances).toBe(3);
    const result = spawnSync(process.execPath, [BIN, 'datasets', '--json', ...common], {
      encoding: 'utf8',
      cwd: tmpdir(),
    });
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toHaveLength(1);
  });
});
