import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeAudioFile, probeAudioFile, readAudioHeader } from '../../../src/engine/audio/decode';
import { readMp3Info } from '../../../src/engine/audio/mp3-info';
import { haveTool, run } from './tools';
import { encodeWav, testSignal } from './wav-writer';

// The decoders (audio-decode's wasm codecs) are the oracle: the header's length must be what decoding returns,
// exactly where the format stores the sample count, within the encoder's delay and padding where it does not.
let dir: string;
let wav: string;
const rate = 44100;
const n = rate + 1234;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pw-header-'));
  wav = join(dir, 'src.wav');
  const signal = encodeWav({
    sampleRate: rate,
    channels: [testSignal(n, rate, 1), testSignal(n, rate, 2)],
    format: 'pcm16',
  });
  writeFileSync(wav, signal);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ffmpeg = (out: string, ...codec: string[]) => {
  run('ffmpeg', ['-loglevel', 'error', '-y', '-i', wav, ...codec, join(dir, out)]);
  return join(dir, out);
};

async function decodedFrames(path: string, sampleRate: number): Promise<number> {
  return (await decodeAudioFile(path, { sampleRate })).samples.length;
}

describe('length from the header alone, checked against decoding', () => {
  const exact: { name: string; make: () => string; format: string; tool: string }[] = [
    {
      name: 'Ogg Vorbis',
      tool: 'ffmpeg',
      format: 'vorbis',
      make: () => ffmpeg('a.ogg', '-c:a', 'libvorbis'),
    },
    { name: 'Ogg FLAC', tool: 'ffmpeg', format: 'flac', make: () => ffmpeg('a.oga', '-c:a', 'flac') },
    {
      name: 'Ogg Opus',
      tool: 'opusenc',
      format: 'opus',
      make: () => {
        run('opusenc', ['--quiet', wav, join(dir, 'a.opus')]);
        return join(dir, 'a.opus');
      },
    },
  ];
  for (const c of exact) {
    it.skipIf(!haveTool(c.tool))(
      `${c.name}: last granule position (less Opus pre-skip) = decoded frames`,
      async () => {
        const path = c.make();
        const header = readAudioHeader(path);
        expect(header).toMatchObject({ format: c.format, channels: 2, exact: true });
        expect(header!.sampleRate).toBe(c.format === 'opus' ? 48000 : rate);
        expect(header!.frames).toBe(await decodedFrames(path, header!.sampleRate));
        // exact headers are the probe: nothing is decoded to measure the file
        expect((await probeAudioFile(path)).frames).toBe(header!.frames);
      },
    );
  }

  // LAME/ffmpeg: encoder delay (576 + 529) and padding, under 2 frames + 1105 samples, are in the frame count.
  const MP3_SLACK = 2 * 1152 + 1105;
  it.skipIf(!haveTool('ffmpeg'))(
    'MP3 with a Xing/Info frame count: close, never under the decoded length',
    async () => {
      const path = ffmpeg('vbr.mp3', '-c:a', 'libmp3lame', '-q:a', '4');
      const header = readAudioHeader(path)!;
      const decoded = await decodedFrames(path, rate);
      expect(header).toMatchObject({ format: 'mp3', sampleRate: rate, channels: 2, exact: false });
      expect(header.frames - decoded).toBeGreaterThanOrEqual(0);
      expect(header.frames - decoded).toBeLessThanOrEqual(MP3_SLACK);
    },
  );

  it.skipIf(!haveTool('ffmpeg'))(
    'constant-bitrate MP3 without a tag: bytes × 8 / bitrate, within a frame',
    async () => {
      const path = ffmpeg('cbr.mp3', '-c:a', 'libmp3lame', '-b:a', '64k', '-write_xing', '0');
      const header = readAudioHeader(path)!;
      expect(header).toMatchObject({ format: 'mp3', sampleRate: rate, exact: false });
      expect(Math.abs(header.frames - (await decodedFrames(path, rate)))).toBeLessThanOrEqual(1152);
    },
  );

  it.skipIf(!haveTool('ffmpeg'))(
    'M4A/AAC: the audio track duration, including at most 2112 priming samples',
    async () => {
      const path = ffmpeg('a.m4a', '-c:a', 'aac');
      const header = readAudioHeader(path)!;
      expect(header).toMatchObject({ format: 'm4a', sampleRate: rate, channels: 2, exact: false });
      const priming = header.frames - (await decodedFrames(path, rate));
      expect(priming).toBeGreaterThanOrEqual(0);
      expect(priming).toBeLessThanOrEqual(2112);
    },
  );

  it('a VBRI tag (Fraunhofer) gives its frame count: MPEG-1 Layer III, 1152 samples a frame', () => {
    // Frame header FF FB 90 64: MPEG-1 Layer III, 128 kbit/s, 44.1 kHz, joint stereo; VBRI 32 bytes after it.
    const bytes = new Uint8Array(4 + 32 + 26);
    bytes.set([0xff, 0xfb, 0x90, 0x64]);
    bytes.set(
      [...'VBRI'].map((ch) => ch.charCodeAt(0)),
      36,
    );
    new DataView(bytes.buffer).setUint32(36 + 14, 1000);
    expect(readMp3Info(bytes, 0, 1_000_000)).toEqual({
      sampleRate: 44100,
      channels: 2,
      frames: 1152_000,
      source: 'vbri',
    });
  });

  it.skipIf(!haveTool('opusenc'))(
    'an Ogg stream whose last page is cut off has no header length: decoding names the damage',
    async () => {
      run('opusenc', ['--quiet', wav, join(dir, 'cut.opus')]);
      const bytes = readFileSync(join(dir, 'cut.opus'));
      const cut = join(dir, 'cut-short.opus');
      writeFileSync(cut, bytes.subarray(0, bytes.length - 100));
      expect(readAudioHeader(cut)).toBeNull();
      await expect(probeAudioFile(cut)).rejects.toThrow(/truncated Ogg opus/);
    },
  );
});
