import { join } from 'node:path';
import { importJsonl } from '../../../../src/engine/data/formats/jsonl';
import { makeTempDir, writeFile, writeToneWav } from '../fixtures';

describe('importJsonl', () => {
  const { dir, cleanup } = makeTempDir('jsonl');
  afterAll(cleanup);
  const manifest = join(dir, 'sets', 'train_manifest.jsonl');

  beforeAll(() => {
    writeToneWav(join(dir, 'sets', 'audio', 'a.wav'), 1.2);
    writeToneWav(join(dir, 'abs.wav'), 3.0);
    const nfd = 'cafe\u0301 cre\u0300me';
    const lines = [
      { audio_filepath: 'audio/a.wav', duration: 1.2, text: nfd, lang: 'fr', speaker: 'amelie' },
      {
        audio_filepath: join(dir, 'abs.wav'),
        duration: 1.0,
        offset: 1.5,
        text: 'segment',
        lang: 'it',
        split: 'test',
      },
      '{not json',
      { audio_filepath: 'audio/a.wav', text: 'no lang' },
      { text: 'no audio' },
      { audio_filepath: 'audio/a.wav', duration: 2, text: 'bad split', lang: 'en', split: 'holdout' },
      { audio_filepath: 'audio/a.wav', duration: 120, text: 'too long', lang: 'en', id: 'long' },
      [1, 2],
    ];
    const text = lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\r\n');
    writeFile(manifest, '\uFEFF' + text + '\r\n');
  });

  it('reads NeMo rows: relative paths against the manifest folder, NFC text, offsets, split field and file-name split', async () => {
    const r = await importJsonl(manifest);
    expect(r.utterances.map((u) => [u.id, u.language, u.speaker, u.split, u.offsetSec])).toEqual([
      ['audio/a', 'fr', 'amelie', 'train', undefined],
      ['../abs@1.5', 'it', '../abs@1.5', 'test', 1.5],
    ]);
    expect(r.utterances[0].audioPath).toBe(join(dir, 'sets', 'audio', 'a.wav'));
    expect(r.utterances[0].transcript).toBe('caf\u00e9 cr\u00e8me');
    expect(r.utterances[0].durationSec).toBeCloseTo(1.2, 3);
    expect(r.utterances[1].durationSec).toBe(1.0);
  });

  it('reports the non-JSON line, non-objects, missing fields, bad split, a derived duplicate id and a 120 s clip', async () => {
    const r = await importJsonl(manifest);
    expect(r.problems.map((p) => [p.kind, p.line])).toEqual([
      ['malformed_row', 3],
      ['malformed_row', 5],
      ['malformed_row', 6],
      ['malformed_row', 8],
      ['duplicate_id', 4],
      ['absurd_duration', 7],
    ]);
  });

  it('reports a row without language, a declared duration of 0 and a non-numeric one; accepts a numeric string', async () => {
    const f = join(dir, 'other.jsonl');
    writeFile(
      f,
      [
        JSON.stringify({ audio_filepath: 'sets/audio/a.wav', text: 'x', lang: 'en', id: 'u1' }),
        JSON.stringify({ audio_filepath: 'sets/audio/a.wav', text: 'y', id: 'u2' }),
        JSON.stringify({ audio_filepath: 'sets/audio/a.wav', duration: 0, text: 'z', lang: 'en', id: 'u3' }),
        JSON.stringify({
          audio_filepath: 'sets/audio/a.wav',
          duration: '1.2',
          text: 'w',
          lang: 'en',
          id: 'u4',
        }),
        JSON.stringify({
          audio_filepath: 'sets/audio/a.wav',
          duration: 'long',
          text: 'v',
          lang: 'en',
          id: 'u5',
        }),
      ].join('\n'),
    );
    const r = await importJsonl(f, { maxDurationSec: 60 });
    expect(r.utterances.map((u) => u.id)).toEqual(['u1', 'u4']);
    expect(r.problems.map((p) => [p.kind, p.line])).toEqual([
      ['malformed_row', 5],
      ['unknown_language', 2],
      ['absurd_duration', 3],
    ]);
  });

  it('is idempotent: the same input gives the same rows and problems', async () => {
    const a = await importJsonl(manifest);
    const b = await importJsonl(manifest);
    expect(b).toEqual(a);
  });
});
