import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importJsonl } from '../../../src/engine/data/formats/jsonl';
import { encodeWav16 } from '../../../src/engine/audio/wav';
import { haveTool } from '../audio/tools';
import { kindsAt, makeTempDir, writeFile, writeToneAs, writeToneWav } from './fixtures';

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

  it.skipIf(!haveTool('opusenc') || !haveTool('ffmpeg'))(
    'compressed files whose headers claim hours are refused by the header, before any decoding',
    async () => {
      // Ogg Opus: the last page's granule position (bytes 6–13 of its header) rewritten to 3 h at 48 kHz.
      const opus = readFileSync(writeToneAs(join(dir, 'hours.opus'), 0.5, 'opus'));
      new DataView(opus.buffer, opus.byteOffset).setBigInt64(
        opus.lastIndexOf('OggS') + 6,
        BigInt(3 * 3600 * 48000),
        true,
      );
      writeFileSync(join(dir, 'hours.opus'), opus);
      // MP3 (16 kHz mono is MPEG-2, 576 samples a frame): the Xing frame count set to 10^6 frames, 36,000 s.
      const mp3 = readFileSync(writeToneAs(join(dir, 'hours.mp3'), 0.5, 'mp3'));
      const xing = Math.max(mp3.indexOf('Xing'), mp3.indexOf('Info'));
      new DataView(mp3.buffer, mp3.byteOffset).setUint32(xing + 8, 1_000_000);
      writeFileSync(join(dir, 'hours.mp3'), mp3);
      writeToneAs(join(dir, 'short.opus'), 0.7, 'opus');
      const rows = ['hours.opus', 'hours.mp3', 'short.opus'].map((file, i) =>
        JSON.stringify({ audio_filepath: file, text: 'x', lang: 'en', id: `u${i}` }),
      );
      const result = await importJsonl(writeFile(join(dir, 'compressed.jsonl'), rows.join('\n')));
      expect(result.utterances.map((u) => u.id)).toEqual(['u2']);
      expect(kindsAt(result.problems)).toEqual(['absurd_duration@1', 'absurd_duration@2']);
      expect(result.problems[0].message).toMatch(/runs 10800\.0 s by its header, over 60 s/);
      expect(result.problems[1].message).toMatch(/runs 36000\.0 s by its header, over 60 s/);
    },
  );
});
