import { join } from 'node:path';
import { importLibriSpeech } from '../../../../src/engine/data/formats/librispeech';
import { makeTempDir, writeFile, writeToneAs } from '../fixtures';

describe('importLibriSpeech', () => {
  const { dir, cleanup } = makeTempDir('libri');
  afterAll(cleanup);

  beforeAll(() => {
    const a = join(dir, 'LibriSpeech', 'test-clean', '84', '121');
    writeFile(join(a, '84-121.trans.txt'), '84-121-0000 HELLO THERE\n84-121-0001 MISSING AUDIO\ngarbage\n');
    writeToneAs(join(a, '84-121-0000.flac'), 0.6, 'flac');
    const b = join(dir, 'LibriSpeech', 'train-clean-100', '19', '198');
    writeFile(join(b, '19-198.trans.txt'), '19-198-0001 GOOD MORNING\n');
    writeToneAs(join(b, '19-198-0001.flac'), 0.9, 'flac');
    const c = join(dir, 'LibriSpeech', 'dev-other', '7', '5');
    writeFile(
      join(c, '7-5.trans.txt'),
      new Uint8Array([0x66, 0x4c, 0x61, 0x43, 0x00, 0x00, 0x00, 0x22, 0xff, 0xfe]),
    );
  });

  it('maps split folders (test-clean → test, train-clean-100 → train), speakers and English', async () => {
    const r = await importLibriSpeech(dir);
    expect(r.utterances.map((u) => [u.id, u.speaker, u.split, u.language, u.transcript])).toEqual([
      ['84-121-0000', '84', 'test', 'en', 'HELLO THERE'],
      ['19-198-0001', '19', 'train', 'en', 'GOOD MORNING'],
    ]);
  });

  it('reports the missing flac, the malformed line and the binary transcript file', async () => {
    const r = await importLibriSpeech(dir);
    expect(r.problems.map((p) => [p.kind, p.line])).toEqual([
      ['binary_text', undefined],
      ['malformed_row', 3],
      ['missing_file', 2],
    ]);
    expect(r.problems[0].file.endsWith('7-5.trans.txt')).toBe(true);
  });
});
