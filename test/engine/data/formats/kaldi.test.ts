import { join } from 'node:path';
import { importKaldi } from '../../../../src/engine/data/formats/kaldi';
import { makeTempDir, writeFile, writeToneAs, writeToneWav } from '../fixtures';

describe('importKaldi', () => {
  const { dir, cleanup } = makeTempDir('kaldi');
  afterAll(cleanup);
  const marker = join(dir, 'pipe-ran');

  beforeAll(() => {
    writeToneWav(join(dir, 'wavs', 'a.wav'), 1.0);
    writeToneWav(join(dir, 'wavs', 'long.wav'), 4.0);
    const train = join(dir, 'data', 'train_set');
    writeFile(
      join(train, 'wav.scp'),
      [
        'a wavs/a.wav',
        `p sh -c "touch ${marker}" |`,
        'x ark:/dev/null',
        `long ${join(dir, 'wavs', 'long.wav')}`,
        'gone wavs/none.wav',
      ].join('\n'),
    );
    writeFile(
      join(train, 'text'),
      [
        'a hello world',
        'p piped',
        'x weird',
        'gone lost',
        'orphan no recording',
        'a again',
        'long reading',
      ].join('\n'),
    );
    writeFile(join(train, 'utt2spk'), 'a spk1\np spk2\n');
    writeFile(join(train, 'utt2lang'), 'a en\n');
    const seg = join(dir, 'data', 'test_seg');
    writeFile(join(seg, 'wav.scp'), `long ${join(dir, 'wavs', 'long.wav')}\n`);
    writeFile(join(seg, 'segments'), 's1 long 0.5 1.75\ns2 long 3.0 9.0\ns3 long 1.0\n');
    writeFile(join(seg, 'text'), 's1 first part\ns2 past the end\ns3 bad segment\ns4 no segment\n');
    writeFile(join(seg, 'utt2spk'), 's1 reader\n');
  });

  it('reads every data folder under data/, with segments, utt2spk, utt2lang and split from the folder name', async () => {
    const r = await importKaldi(join(dir, 'data'), { language: 'nl' });
    expect(r.utterances.map((u) => [u.id, u.speaker, u.language, u.split, u.offsetSec])).toEqual([
      ['s1', 'reader', 'nl', 'test', 0.5],
      ['a', 'spk1', 'en', 'train', undefined],
      ['long', 'long', 'nl', 'train', undefined],
    ]);
    expect(r.utterances[0].durationSec).toBeCloseTo(1.25, 6);
    expect(r.utterances[1].audioPath).toBe(join(dir, 'wavs', 'a.wav'));
    expect(r.utterances[2].durationSec).toBeCloseTo(4.0, 3);
  });

  it('never runs a piped wav.scp command and reports every bad entry', async () => {
    const r = await importKaldi(join(dir, 'data'), { language: 'nl' });
    const { existsSync } = await import('node:fs');
    expect(existsSync(marker)).toBe(false);
    const got = r.problems.map((p) => [p.kind, p.file.split('/').slice(-2).join('/'), p.line, p.itemId]);
    expect(got).toEqual([
      ['malformed_row', 'test_seg/segments', 3, 's3'],
      ['malformed_row', 'test_seg/text', 4, 's4'],
      ['duplicate_id', 'train_set/text', 6, 'a'],
      ['unsupported', 'train_set/wav.scp', 2, 'p'],
      ['unsupported', 'train_set/wav.scp', 3, 'x'],
      ['malformed_row', 'train_set/text', 5, 'orphan'],
      ['malformed_row', 'test_seg/text', 2, 's2'],
      ['missing_file', 'train_set/text', 4, 'gone'],
    ]);
  });

  it('reports the missing language when neither utt2lang nor the caller gives one', async () => {
    const r = await importKaldi(join(dir, 'data', 'test_seg'));
    expect(r.problems.filter((p) => p.kind === 'unknown_language').map((p) => p.itemId)).toEqual([
      's1',
      's2',
    ]);
  });

  it('reads several segments of one compressed recording, probing it once', async () => {
    const flacDir = join(dir, 'flacset');
    writeToneAs(join(flacDir, 'rec.flac'), 3.0, 'flac');
    writeFile(join(flacDir, 'wav.scp'), 'rec rec.flac\n');
    writeFile(join(flacDir, 'segments'), 'u1 rec 0 1\nu2 rec 1 2.5\nu3 rec 2.5 -1\n');
    writeFile(join(flacDir, 'text'), 'u1 one\nu2 two\nu3 three\n');
    for (const verifyAudio of [true, false]) {
      const r = await importKaldi(flacDir, { language: 'fr', verifyAudio });
      expect(r.problems).toEqual([]);
      expect(r.utterances.map((u) => [u.id, u.offsetSec, Number(u.durationSec.toFixed(3))])).toEqual([
        ['u1', 0, 1],
        ['u2', 1, 1.5],
        ['u3', 2.5, 0.5],
      ]);
    }
  });
});
