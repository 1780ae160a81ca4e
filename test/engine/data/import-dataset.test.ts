import { join } from 'node:path';
import { detectFormat, importDataset } from '../../../src/engine/data';
import { makeTempDir, writeFile, writeToneWav } from './fixtures';

describe('detectFormat and importDataset', () => {
  const { dir, cleanup } = makeTempDir('detect');
  afterAll(cleanup);

  beforeAll(() => {
    writeToneWav(join(dir, 'a.wav'), 0.5);
    writeFile(join(dir, 'kaldi', 'train', 'wav.scp'), `u1 ${join(dir, 'a.wav')}\n`);
    writeFile(join(dir, 'kaldi', 'train', 'text'), 'u1 hallo\n');
    writeFile(join(dir, 'mls', 'mls_dutch', 'dev', 'transcripts.txt'), '1_2_3\thallo\n');
    writeFile(join(dir, 'libri', 'dev-clean', '1', '2', '1-2.trans.txt'), '1-2-3 HI\n');
    writeFile(join(dir, 'cv', 'fr', 'validated.tsv'), 'client_id\tpath\tsentence\n');
    writeFile(
      join(dir, 'nemo', 'm.jsonl'),
      `${JSON.stringify({ audio_filepath: '../a.wav', text: 'x', lang: 'en' })}\n`,
    );
    writeFile(join(dir, 'table', 'm.csv'), 'audio,text\n../a.wav,hello\n');
    writeFile(join(dir, 'plain-tsv', 'train.tsv'), 'audio\ttext\n../a.wav\thello\n');
    writeFile(join(dir, 'nothing', 'readme.md'), 'no corpus here');
  });

  it('recognises each layout from a folder or a file inside it', async () => {
    const cases: [string, string | null][] = [
      ['kaldi', 'kaldi'],
      ['kaldi/train', 'kaldi'],
      ['kaldi/train/wav.scp', 'kaldi'],
      ['mls', 'mls'],
      ['mls/mls_dutch', 'mls'],
      ['libri', 'librispeech'],
      ['cv', 'commonvoice'],
      ['cv/fr/validated.tsv', 'commonvoice'],
      ['nemo', 'jsonl'],
      ['nemo/m.jsonl', 'jsonl'],
      ['table/m.csv', 'csv'],
      ['table', 'csv'],
      ['plain-tsv', 'csv'],
      ['nothing', null],
    ];
    for (const [path, format] of cases)
      expect([path, await detectFormat(join(dir, path))]).toEqual([path, format]);
  });

  it('imports through detection, honours an explicit format and language, and explains failures', async () => {
    const k = await importDataset(join(dir, 'kaldi', 'train', 'wav.scp'), { language: 'nl' });
    expect([k.format, k.utterances.map((u) => [u.id, u.language, u.split])]).toEqual([
      'kaldi',
      [['u1', 'nl', 'train']],
    ]);
    const c = await importDataset(join(dir, 'table', 'm.csv'), { format: 'csv', language: 'en' });
    expect(c.stats.languages.map((l) => [l.language, l.utterances])).toEqual([['en', 1]]);
    await expect(importDataset(join(dir, 'nothing'))).rejects.toThrow(/cannot tell the corpus layout/u);
    await expect(importDataset(join(dir, 'absent'))).rejects.toThrow(/no such file/u);
  });

  it('follows symbolic links to data folders and manifests', async () => {
    const { symlinkSync } = await import('node:fs');
    const linked = join(dir, 'linked');
    writeFile(join(linked, 'placeholder'), '');
    symlinkSync(join(dir, 'kaldi', 'train'), join(linked, 'train'));
    expect(await detectFormat(linked)).toBe('kaldi');
    const r = await importDataset(linked, { language: 'nl' });
    expect(r.utterances.map((u) => u.id)).toEqual(['u1']);
  });
});
