import { join } from 'node:path';
import { EXIT } from '../../src/cli/command';
import { writeFile, writeToneWav } from '../engine/data/fixtures';
import { tempDir } from '../helpers/tmp';
import { runCli } from './run-cli';

/** A Kaldi data folder of two utterances (wav.scp, text, utt2spk), with utt2lang only when asked. */
function writeKaldiDir(dir: string, languages?: string): string {
  writeToneWav(join(dir, 'a.wav'), 1.0);
  writeToneWav(join(dir, 'b.wav'), 1.5);
  writeFile(join(dir, 'wav.scp'), `u1 ${join(dir, 'a.wav')}\nu2 ${join(dir, 'b.wav')}\n`);
  writeFile(join(dir, 'text'), 'u1 guten morgen\nu2 gute nacht\n');
  writeFile(join(dir, 'utt2spk'), 'u1 s1\nu2 s2\n');
  if (languages) writeFile(join(dir, 'utt2lang'), `u1 ${languages}\nu2 ${languages}\n`);
  return dir;
}

describe('pathways import of a corpus that names no language', () => {
  const home = tempDir('pathways-cli-lang-');
  const corpora = tempDir('pathways-cli-lang-corpus-');
  const common = ['--home', home.path, '--backend', 'cpu'];
  afterAll(() => {
    home.cleanup();
    corpora.cleanup();
  });
  const datasets = async () => JSON.parse((await runCli(['datasets', '--json', ...common])).out) as unknown[];

  it('refuses a Kaldi folder without utt2lang at once, naming --lang, and creates nothing', async () => {
    const dir = writeKaldiDir(join(corpora.path, 'kaldi'));
    const { code, err } = await runCli(['import', dir, ...common]);
    expect(code).toBe(EXIT.usage);
    expect(err).toContain(`Kaldi data folder ${dir} has no utt2lang`);
    expect(err).toContain('give it with --lang L');
    expect(await datasets()).toEqual([]);
    expect(JSON.parse((await runCli(['jobs', 'list', '--json', ...common])).out)).toEqual([]);
  });

  it('refuses JSONL and CSV manifests without a language field or column', async () => {
    writeToneWav(join(corpora.path, 'm', 'a.wav'), 1.0);
    const jsonl = join(corpora.path, 'm', 'train.jsonl');
    writeFile(jsonl, JSON.stringify({ audio_filepath: 'a.wav', text: 'hallo', duration: 1 }) + '\n');
    const csv = join(corpora.path, 'm', 'train.csv');
    writeFile(csv, 'audio,text\na.wav,hallo\n');
    for (const [manifest, why] of [
      [jsonl, 'has no "lang", "language" or "locale" field'],
      [csv, 'has no lang/language/locale column'],
    ]) {
      const { code, err } = await runCli(['import', manifest, ...common]);
      expect(code, manifest).toBe(EXIT.usage);
      expect(err).toContain(`${manifest} ${why}`);
      expect(err).toContain('--lang');
    }
    expect(await datasets()).toEqual([]);
  });

  it('imports the same corpora with --lang, and a Kaldi folder with utt2lang without it', async () => {
    const given = await runCli(['import', join(corpora.path, 'kaldi'), '--lang', 'de', '--json', ...common]);
    expect(given.code, given.err).toBe(EXIT.ok);
    expect(JSON.parse(given.out)).toMatchObject({
      utterances: 2,
      problems: 0,
      languages: [{ language: 'de' }],
    });
    const tagged = writeKaldiDir(join(corpora.path, 'kaldi-nl'), 'nl');
    const own = await runCli(['import', tagged, '--json', ...common]);
    expect(own.code, own.err).toBe(EXIT.ok);
    expect(JSON.parse(own.out)).toMatchObject({ utterances: 2, languages: [{ language: 'nl' }] });
    const csv = await runCli(['import', join(corpora.path, 'm', 'train.csv'), '--lang', 'de', ...common]);
    expect(csv.code, csv.err).toBe(EXIT.ok);
  });
});
