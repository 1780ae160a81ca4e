import { join } from 'node:path';
import { importJsonl } from '../../../src/engine/data/formats/jsonl';
import { encodeWav16 } from '../../../src/engine/audio/wav';
import { kindsAt, makeTempDir, writeFile, writeToneWav } from './fixtures';

/** A 16-bit mono WAV of `frames` zero samples whose header declares `sampleRate`. */
function wavAt(path: string, sampleRate: number, frames: number): string {
  return writeFile(path, encodeWav16(new Float32Array(frames), sampleRate));
}

describe('imports bounded by what the audio header says, before decoding', () => {
  const { dir, cleanup } = makeTempDir('header-bounds');
  afterAll(cleanup);

  it('refuses implausible sample rates and over-long audio by the header; a valid neighbour imports', async () => {
    wavAt(join(dir, 'one-hertz.wav'), 1, 2000); // 4 KB declaring 1 Hz: 2000 s, 32 M samples once resampled
    wavAt(join(dir, 'four-hertz.wav'), 4, 25000); // 50 KB at 4 Hz
    wavAt(join(dir, 'too-fast.wav'), 768000, 2000);
    wavAt(join(dir, 'long.wav'), 8000, 8000 * 90); // 90 s at a plausible rate
    writeToneWav(join(dir, 'fine.wav'), 0.7);
    const rows = ['one-hertz', 'four-hertz', 'too-fast', 'long', 'fine'].map((id) =>
      JSON.stringify({ audio_filepath: `${id}.wav`, text: id, lang: 'en', id }),
    );
    const manifest = writeFile(join(dir, 'm.jsonl'), rows.join('\n'));
    const result = await importJsonl(manifest);
    expect(result.utterances.map((u) => u.id)).toEqual(['fine']);
    expect(kindsAt(result.problems)).toEqual([
      'undecodable_audio@1',
      'undecodable_audio@2',
      'undecodable_audio@3',
      'absurd_duration@4',
    ]);
    expect(result.problems[0].message).toMatch(/declares 1 Hz, outside 1000–384000 Hz/);
    expect(result.problems[3].message).toMatch(/runs 90\.0 s by its header, over 60 s/);
  });
});
