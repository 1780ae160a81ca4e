import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importJsonl } from '../../../src/engine/data/formats/jsonl';
import { makeTempDir, writeFile, writeToneAs, writeToneWav } from './fixtures';

describe('audio verification during import', () => {
  const { dir, cleanup } = makeTempDir('verify');
  afterAll(cleanup);
  const manifest = join(dir, 'm.jsonl');

  beforeAll(() => {
    writeToneWav(join(dir, 'good.wav'), 1.0);
    writeFile(join(dir, 'empty.wav'), new Uint8Array(0));
    writeFile(
      join(dir, 'noise.wav'),
      new Uint8Array(2000).map((_, i) => (i * 37) % 251),
    );
    const flac = writeToneAs(join(dir, 'real.flac'), 0.9, 'flac');
    copyFileSync(flac, join(dir, 'mislabelled.wav'));
    const mp3 = readFileSync(writeToneAs(join(dir, 'whole.mp3'), 1.0, 'mp3'));
    writeFile(join(dir, 'truncated.mp3'), mp3.subarray(0, 60));
    const wav = readFileSync(join(dir, 'good.wav'));
    writeFile(join(dir, 'header-only.wav'), wav.subarray(0, 30));
    const rows = [
      'good.wav',
      'empty.wav',
      'noise.wav',
      'mislabelled.wav',
      'truncated.mp3',
      'header-only.wav',
      'absent.wav',
    ];
    writeFile(
      manifest,
      rows.map((a) => JSON.stringify({ audio_filepath: a, text: a, lang: 'en' })).join('\n'),
    );
  });

  it('reports zero-length, garbage, truncated and missing files; FLAC bytes named .wav decode by content', async () => {
    const progress: number[] = [];
    const r = await importJsonl(manifest, {
      onProgress: (done, total) => progress.push(done / total),
      concurrency: 3,
    });
    expect(r.utterances.map((u) => u.id)).toEqual(['good', 'mislabelled']);
    expect(r.utterances[1].durationSec).toBeCloseTo(0.9, 2);
    expect(r.problems.map((p) => [p.kind, p.line])).toEqual([
      ['undecodable_audio', 2],
      ['undecodable_audio', 3],
      ['undecodable_audio', 5],
      ['undecodable_audio', 6],
      ['missing_file', 7],
    ]);
    expect(r.problems[0].message).toContain('zero-length');
    expect(progress.length).toBe(7);
    expect(progress[progress.length - 1]).toBe(1);
  });

  it('with verifyAudio off only reads headers, and still reports unreadable files', async () => {
    const r = await importJsonl(manifest, { verifyAudio: false });
    expect(r.utterances.map((u) => u.id)).toContain('good');
    expect(r.problems.map((p) => p.line)).toEqual(expect.arrayContaining([2, 3, 6, 7]));
  });

  it('stops when its signal aborts', async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    const run = importJsonl(manifest, {
      concurrency: 1,
      signal: controller.signal,
      onProgress: (done) => {
        seen.push(done);
        if (done === 2) controller.abort(new Error('cancelled by test'));
      },
    });
    await expect(run).rejects.toThrow('cancelled by test');
    expect(seen).toEqual([1, 2]);
  });
});
