import { join } from 'node:path';
import { importMls } from '../../../../src/engine/data/formats/mls';
import { makeTempDir, writeFile, writeToneAs, writeToneWav } from '../fixtures';

describe('importMls', () => {
  const { dir, cleanup } = makeTempDir('mls');
  const lang = join(dir, 'mls_french');
  afterAll(cleanup);

  beforeAll(() => {
    // train: two good rows (flac, opus), a missing file, a malformed id, an empty transcript, a duplicate id.
    writeFile(
      join(lang, 'train', 'transcripts.txt'),
      '\uFEFF' +
        [
          '10_20_0001\tle garc\u0327on mange',
          '10_20_0002\tune fille chante',
          '10_20_0003\tpersonne ici',
          'badid\tno speaker book utterance',
          '11_21_0001\t   ',
          '10_20_0001\tdoublon',
        ].join('\r\n') +
        '\r\n',
    );
    writeToneAs(join(lang, 'train', 'audio', '10', '20', '10_20_0001.flac'), 1.0, 'flac');
    writeToneAs(join(lang, 'train', 'audio', '10', '20', '10_20_0002.opus'), 0.8, 'opus');
    writeToneWav(join(lang, 'train', 'audio', '11', '21', '11_21_0001.flac'), 0.5);
    writeFile(join(lang, 'test', 'transcripts.txt'), '12_30_0001\tbonjour\n');
    writeToneAs(join(lang, 'test', 'audio', '12', '30', '12_30_0001.flac'), 0.7, 'flac');
  });

  it('reads transcripts and flac/opus audio, language from the folder name, the corpus splits', async () => {
    const r = await importMls(lang);
    expect(r.utterances.map((u) => [u.id, u.language, u.speaker, u.split])).toEqual([
      ['10_20_0001', 'fr', '10', 'train'],
      ['10_20_0002', 'fr', '10', 'train'],
      ['12_30_0001', 'fr', '12', 'test'],
    ]);
    expect(r.utterances[0].transcript).toBe('le gar\u00e7on mange');
    expect(r.utterances[0].audioPath.endsWith('10_20_0001.flac')).toBe(true);
    expect(r.utterances[1].audioPath.endsWith('10_20_0002.opus')).toBe(true);
    expect(r.utterances[0].durationSec).toBeCloseTo(1.0, 2);
    expect(r.utterances[1].durationSec).toBeCloseTo(0.8, 1);
  });

  it('reports each bad row with its file and line and keeps the rest', async () => {
    const r = await importMls(lang);
    const file = join(lang, 'train', 'transcripts.txt');
    expect(r.problems.map((p) => [p.kind, p.file, p.line])).toEqual([
      ['malformed_row', file, 4],
      ['empty_transcript', file, 5],
      ['duplicate_id', file, 6],
      ['missing_file', file, 3],
    ]);
  });

  it('lets the caller choose the language and reads a folder holding several languages', async () => {
    expect((await importMls(lang, { language: 'it' })).utterances.every((u) => u.language === 'it')).toBe(
      true,
    );
    const parent = await importMls(dir);
    expect(parent.utterances.length).toBe(3);
  });
});
