import { join } from 'node:path';
import { importCsv } from '../../../../src/engine/data/formats/csv';
import { importJsonl } from '../../../../src/engine/data/formats/jsonl';
import { kindsAt, makeTempDir, writeFile, writeToneWav } from '../fixtures';

describe('manifests with bad lines and hostile contents', () => {
  const { dir, cleanup } = makeTempDir('bounded-text');
  afterAll(cleanup);

  beforeAll(() => writeToneWav(join(dir, 'a.wav'), 0.8));

  it('one line that is not UTF-8 costs that line: the other four import, the problem names line and byte', async () => {
    const row = (i: number) =>
      new TextEncoder().encode(
        JSON.stringify({ audio_filepath: 'a.wav', text: `row ${i}`, lang: 'en', id: `u${i}` }) + '\n',
      );
    const rows = [row(1), row(2), new Uint8Array([0x7b, 0xff, 0xfe, 0x7d, 0x0a]), row(4), row(5)];
    const offset = rows[0].length + rows[1].length;
    const manifest = writeFile(join(dir, 'm.jsonl'), new Uint8Array(rows.flatMap((r) => [...r])));
    const result = await importJsonl(manifest);
    expect(result.utterances.map((u) => u.id)).toEqual(['u1', 'u2', 'u4', 'u5']);
    expect(kindsAt(result.problems)).toEqual(['binary_text@3']);
    expect(result.problems[0].message).toContain(`line 3 (byte ${offset})`);
  });

  it('a file that is not a corpus (a password file read as CSV) is never echoed into problems', async () => {
    const passwd = writeFile(
      join(dir, 'passwd'),
      'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n',
    );
    const result = await importCsv(passwd, { language: 'en' });
    expect(result.utterances).toEqual([]);
    expect(result.problems.length).toBeGreaterThan(0);
    for (const problem of result.problems) {
      expect(problem.message).not.toContain('/bin/bash');
      expect(problem.message).not.toContain('daemon:x:1:1');
    }
  });

  it('a transcript over 2,000 characters is a named problem, its neighbour imports', async () => {
    const lines = [
      { audio_filepath: 'a.wav', text: 'fine', lang: 'en', id: 'ok' },
      { audio_filepath: 'a.wav', text: 'word '.repeat(500), lang: 'en', id: 'essay' },
    ];
    const manifest = writeFile(join(dir, 'long.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n'));
    const result = await importJsonl(manifest);
    expect(result.utterances.map((u) => u.id)).toEqual(['ok']);
    expect(kindsAt(result.problems)).toEqual(['long_transcript@2']);
    expect(result.problems[0].itemId).toBe('essay');
  });
});
