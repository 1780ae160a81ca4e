import { join } from 'node:path';
import { importCsv } from '../../../../src/engine/data/formats/csv';
import { makeTempDir, writeFile, writeToneWav } from '../fixtures';

describe('importCsv', () => {
  const { dir, cleanup } = makeTempDir('csv');
  afterAll(cleanup);

  beforeAll(() => {
    writeToneWav(join(dir, 'clips', 'one.wav'), 0.5);
    writeToneWav(join(dir, 'clips', 'two.wav'), 0.7);
  });

  it('recognises common header names and RFC 4180 quoting in CSV', async () => {
    const f = writeFile(
      join(dir, 'all.csv'),
      [
        'path,transcript,speaker_id,language,split',
        'clips/one.wav,"Hello, ""world""",s1,en,dev',
        'clips/two.wav,"unterminated,s2,en,train',
        'clips/two.wav,short',
      ].join('\n'),
    );
    const r = await importCsv(f);
    expect(r.utterances.map((u) => [u.id, u.transcript, u.speaker, u.language, u.split])).toEqual([
      ['clips/one', 'Hello, "world"', 's1', 'en', 'dev'],
    ]);
    expect(r.problems.map((p) => [p.kind, p.line])).toEqual([
      ['malformed_row', 3],
      ['malformed_row', 4],
    ]);
  });

  it('uses a caller column mapping for TSV and reports a table missing required columns', async () => {
    const f = writeFile(
      join(dir, 'mapped.tsv'),
      ['wavfile\tutterance\twho', 'clips/two.wav\tciao a tutti\tluca'].join('\n'),
    );
    const r = await importCsv(f, {
      columns: { audio: 'wavfile', text: 'utterance', speaker: 'who' },
      language: 'it',
    });
    expect(r.utterances.map((u) => [u.id, u.transcript, u.speaker, u.language])).toEqual([
      ['clips/two', 'ciao a tutti', 'luca', 'it'],
    ]);
    const missing = await importCsv(f, { language: 'it' });
    expect(missing.utterances).toEqual([]);
    expect(missing.problems.map((p) => [p.kind, p.line])).toEqual([['malformed_row', 1]]);
    expect(missing.problems[0].message).toMatch(/audio.*text/u);
  });
});
