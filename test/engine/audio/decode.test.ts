import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AudioDecodeError,
  decodeAudio,
  decodeAudioBytes,
  decodeAudioFile,
  probeAudioFile,
} from '../../../src/engine/audio';
import { haveTool, run } from './tools';
import { encodeWav, storedValue, testSignal, type WavSampleFormat } from './wav-writer';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pw-audio-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeFixture(name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe('WAV decoding (own parser)', () => {
  const formats: WavSampleFormat[] = ['pcm8', 'pcm16', 'pcm24', 'pcm32', 'float32', 'float64'];
  for (const format of formats) {
    it(`returns every ${format} sample, scaled to [-1, 1]`, async () => {
      const signal = testSignal(1601, 16000);
      const path = writeFixture(
        `mono-${format}.wav`,
        encodeWav({ sampleRate: 16000, channels: [signal], format }),
      );
      const audio = await decodeAudioFile(path);
      expect(audio.sourceFormat).toBe(`wav/${format.replace('pcm', 'pcm')}`);
      expect(audio.sourceChannels).toBe(1);
      expect(audio.sampleRate).toBe(16000);
      expect(audio.samples.length).toBe(1601);
      const expected = Array.from(signal, (x) => Math.fround(storedValue(x, format)));
      expect(maxAbsDiff(audio.samples, expected)).toBe(0);
    });
  }

  for (const format of ['pcm16', 'pcm24'] as const) {
    it(`downmixes stereo ${format} WAVE_FORMAT_EXTENSIBLE to the mean of the channels`, async () => {
      const left = testSignal(800, 16000, 1);
      const right = testSignal(800, 16000, 3);
      const bytes = encodeWav({ sampleRate: 16000, channels: [left, right], format, extensible: true });
      const audio = await decodeAudioBytes(bytes, { source: `stereo-${format}` });
      expect(audio.sourceChannels).toBe(2);
      expect(audio.sourceFormat).toBe(`wav/${format}`);
      const expected = left.map((l, i) => (storedValue(l, format) + storedValue(right[i], format)) / 2);
      expect(maxAbsDiff(audio.samples, expected)).toBeLessThan(1e-7);
    });
  }

  it('skips unknown chunks, including odd-sized ones with their pad byte', async () => {
    const signal = testSignal(333, 16000);
    const bytes = encodeWav({
      sampleRate: 16000,
      channels: [signal],
      format: 'float32',
      extraChunks: [
        { id: 'LIST', body: new Uint8Array([1, 2, 3]) },
        { id: 'junk', body: new Uint8Array(7) },
      ],
    });
    const audio = await decodeAudioBytes(bytes);
    expect(maxAbsDiff(audio.samples, Array.from(signal, Math.fround))).toBe(0);
  });

  it('resamples 8 kHz and 44.1 kHz inputs to 16 kHz with the exact expected length', async () => {
    for (const rate of [8000, 44100]) {
      const n = rate + 123;
      const path = writeFixture(
        `r${rate}.wav`,
        encodeWav({ sampleRate: rate, channels: [testSignal(n, rate)], format: 'pcm16' }),
      );
      const audio = await decodeAudioFile(path);
      expect(audio.sourceSampleRate).toBe(rate);
      expect(audio.samples.length).toBe(Math.round((n * 16000) / rate));
      expect(audio.durationSec).toBeCloseTo(n / rate, 3);
      const probe = await probeAudioFile(path);
      expect(probe).toEqual({
        durationSec: n / rate,
        sampleRate: rate,
        channels: 1,
        format: 'wav/pcm16',
        frames: n,
      });
    }
  });

  it('decodeAudio is the same function as decodeAudioFile', () => {
    expect(decodeAudio).toBe(decodeAudioFile);
  });
});

describe('segments (offset/duration)', () => {
  const rate = 16000;
  const signal = testSignal(3 * rate, rate);
  let wavPath: string;
  beforeAll(() => {
    wavPath = writeFixture('seg.wav', encodeWav({ sampleRate: rate, channels: [signal], format: 'float32' }));
  });

  it('returns exactly the requested sample range', async () => {
    const seg = await decodeAudioFile(wavPath, { offsetSec: 0.5, durationSec: 1.25 });
    expect(seg.samples.length).toBe(20000);
    expect(maxAbsDiff(seg.samples, Array.from(signal.subarray(8000, 28000), Math.fround))).toBe(0);
    const tail = await decodeAudioFile(wavPath, { offsetSec: 2 });
    expect(tail.samples.length).toBe(16000);
  });

  it('rejects segments outside the audio, and cuts a small overshoot like Kaldi', async () => {
    await expect(decodeAudioFile(wavPath, { offsetSec: 3.5, durationSec: 0.2 })).rejects.toThrow(
      /seg\.wav.*outside/,
    );
    await expect(decodeAudioFile(wavPath, { offsetSec: 2, durationSec: 2 })).rejects.toThrow(/ends outside/);
    await expect(decodeAudioFile(wavPath, { offsetSec: -1 })).rejects.toThrow(/invalid segment offset/);
    const cut = await decodeAudioFile(wavPath, { offsetSec: 2.5, durationSec: 0.6 });
    expect(cut.samples.length).toBe(8000);
  });

  it.skipIf(!haveTool('flac'))('reads the same segment from FLAC as from WAV', async () => {
    const wav16 = writeFixture(
      'seg16.wav',
      encodeWav({ sampleRate: rate, channels: [signal], format: 'pcm16' }),
    );
    const flacPath = join(dir, 'seg.flac');
    run('flac', ['-s', '-f', wav16, '-o', flacPath]);
    const a = await decodeAudioFile(flacPath, { offsetSec: 1.1, durationSec: 0.7 });
    const b = await decodeAudioFile(wav16, { offsetSec: 1.1, durationSec: 0.7 });
    expect(a.sourceFormat).toBe('flac');
    expect(maxAbsDiff(a.samples, b.samples)).toBe(0);
  });
});

describe('compressed formats via audio-decode', () => {
  // 44.1 kHz stereo, a length that is not a multiple of any codec frame (FLAC's last block is partial).
  const rate = 44100;
  const n = rate + 1234;
  let wavPath: string;
  let reference: Float32Array;
  beforeAll(async () => {
    const bytes = encodeWav({
      sampleRate: rate,
      channels: [testSignal(n, rate, 1), testSignal(n, rate, 2)],
      format: 'pcm16',
    });
    wavPath = writeFixture('src.wav', bytes);
    reference = (await decodeAudioFile(wavPath, { sampleRate: rate })).samples;
  });

  function correlation(a: Float32Array, b: Float32Array): number {
    let ab = 0;
    let aa = 0;
    let bb = 0;
    for (let i = 0; i < a.length; i++) {
      ab += a[i] * b[i];
      aa += a[i] * a[i];
      bb += b[i] * b[i];
    }
    return ab / Math.sqrt(aa * bb);
  }

  it.skipIf(!haveTool('flac') || !haveTool('soxi'))(
    'FLAC: lossless, every sample incl. the last partial block',
    async () => {
      const path = join(dir, 'src.flac');
      run('flac', ['-s', '-f', '--blocksize=4096', wavPath, '-o', path]);
      expect(Number(run('soxi', ['-s', path]).trim())).toBe(n);
      const audio = await decodeAudioFile(path, { sampleRate: rate });
      expect(audio.sourceFormat).toBe('flac');
      expect(audio.sourceChannels).toBe(2);
      expect(audio.samples.length).toBe(n);
      expect(maxAbsDiff(audio.samples, reference)).toBe(0);
      expect(await probeAudioFile(path)).toEqual({
        durationSec: n / rate,
        sampleRate: rate,
        channels: 2,
        format: 'flac',
        frames: n,
      });
    },
  );

  const lossy: {
    name: string;
    ext: string;
    tool: string;
    args: (src: string, dst: string) => string[];
    format: string;
  }[] = [
    {
      name: 'MP3',
      ext: 'mp3',
      tool: 'ffmpeg',
      format: 'mp3',
      args: (s, d) => ['-loglevel', 'error', '-y', '-i', s, '-c:a', 'libmp3lame', d],
    },
    {
      name: 'OGG Vorbis',
      ext: 'ogg',
      tool: 'ffmpeg',
      format: 'vorbis',
      args: (s, d) => ['-loglevel', 'error', '-y', '-i', s, '-c:a', 'libvorbis', d],
    },
    {
      name: 'M4A/AAC',
      ext: 'm4a',
      tool: 'ffmpeg',
      format: 'm4a',
      args: (s, d) => ['-loglevel', 'error', '-y', '-i', s, '-c:a', 'aac', '-b:a', '192k', d],
    },
  ];
  for (const c of lossy) {
    it.skipIf(!haveTool(c.tool))(`${c.name}: full length, close to the source`, async () => {
      const path = join(dir, `src.${c.ext}`);
      run(c.tool, c.args(wavPath, path));
      const audio = await decodeAudioFile(path, { sampleRate: rate });
      expect(audio.sourceFormat).toBe(c.format);
      expect(audio.sourceSampleRate).toBe(rate);
      expect(audio.samples.length).toBe(n);
      expect(correlation(audio.samples, reference)).toBeGreaterThan(0.98);
      expect(await probeAudioFile(path)).toEqual({
        durationSec: n / rate,
        sampleRate: rate,
        channels: 2,
        format: c.format,
        frames: n,
      });
    });
  }

  it.skipIf(!haveTool('opusenc'))('Ogg Opus (48 kHz): full length, close to the source', async () => {
    const m = 48000 + 777;
    const src = writeFixture(
      'src48.wav',
      encodeWav({ sampleRate: 48000, channels: [testSignal(m, 48000)], format: 'pcm16' }),
    );
    const path = join(dir, 'src.opus');
    run('opusenc', ['--quiet', '--bitrate', '96', src, path]);
    const audio = await decodeAudioFile(path, { sampleRate: 48000 });
    const ref = (await decodeAudioFile(src, { sampleRate: 48000 })).samples;
    expect(audio.sourceFormat).toBe('opus');
    expect(audio.samples.length).toBe(m);
    expect(correlation(audio.samples, ref)).toBeGreaterThan(0.98);
    const at16k = await decodeAudioFile(path);
    expect(at16k.samples.length).toBe(Math.round(m / 3));
  });
});

describe('bad input fails clearly', () => {
  it('zero-length file', async () => {
    const path = writeFixture('empty.wav', new Uint8Array(0));
    await expect(decodeAudioFile(path)).rejects.toThrow(`${path}: zero-length file`);
    await expect(probeAudioFile(path)).rejects.toThrow(/zero-length/);
  });

  it('unknown format, named by the file', async () => {
    const path = writeFixture(
      'notes.flac',
      new TextEncoder().encode('this is not audio at all, just text\n'),
    );
    const err = await decodeAudioFile(path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AudioDecodeError);
    expect((err as AudioDecodeError).source).toBe(path);
    expect((err as Error).message).toMatch(/unknown audio format/);
  });

  it('missing file', async () => {
    await expect(decodeAudioFile(join(dir, 'nope.wav'))).rejects.toThrow(/nope\.wav: file not found/);
  });

  it('truncated WAV', async () => {
    const bytes = encodeWav({ sampleRate: 16000, channels: [testSignal(1000, 16000)], format: 'pcm16' });
    const path = writeFixture('cut.wav', bytes.subarray(0, 1000));
    await expect(decodeAudioFile(path)).rejects.toThrow(
      /cut\.wav: truncated WAV: data chunk declares 2000 bytes but only 956/,
    );
    const headerOnly = writeFixture('header.wav', bytes.subarray(0, 20));
    await expect(probeAudioFile(headerOnly)).rejects.toThrow(/header\.wav: .*fmt chunk/);
  });

  it.skipIf(!haveTool('flac'))(
    'truncated FLAC is reported, FLAC bytes named .wav decode as FLAC',
    async () => {
      const src = writeFixture(
        'f.wav',
        encodeWav({ sampleRate: 16000, channels: [testSignal(20000, 16000)], format: 'pcm16' }),
      );
      const flacPath = join(dir, 'f.flac');
      run('flac', ['-s', '-f', src, '-o', flacPath]);
      const flacBytes = readFileSync(flacPath);
      const mislabelled = writeFixture('actually-flac.wav', flacBytes);
      const audio = await decodeAudioFile(mislabelled);
      expect(audio.sourceFormat).toBe('flac');
      expect(audio.samples.length).toBe(20000);
      const halfway = writeFixture('half.flac', flacBytes.subarray(0, Math.floor(flacBytes.length / 2)));
      await expect(decodeAudioFile(halfway)).rejects.toThrow(
        /half\.flac: truncated FLAC: decoded \d+ of the 20000 samples/,
      );
      // The probe reads only the header, so it still reports the declared length; decoding is the check.
      expect((await probeAudioFile(halfway)).frames).toBe(20000);
      const headerOnly = writeFixture('cut.flac', flacBytes.subarray(0, 60));
      await expect(decodeAudioFile(headerOnly)).rejects.toThrow(
        /cut\.flac: (cannot decode flac|truncated FLAC)/,
      );
    },
  );

  const cutCases: {
    name: string;
    tool: string;
    args: (src: string, dst: string) => string[];
    ext: string;
    reason: RegExp;
  }[] = [
    {
      name: 'MP3',
      tool: 'ffmpeg',
      ext: 'mp3',
      args: (s, d) => ['-loglevel', 'error', '-y', '-i', s, d],
      reason: /truncated MP3/,
    },
    {
      name: 'Ogg Vorbis',
      tool: 'ffmpeg',
      ext: 'ogg',
      args: (s, d) => ['-loglevel', 'error', '-y', '-i', s, '-c:a', 'libvorbis', d],
      reason: /truncated Ogg vorbis/,
    },
    {
      name: 'Ogg Opus',
      tool: 'opusenc',
      ext: 'opus',
      args: (s, d) => ['--quiet', s, d],
      reason: /truncated Ogg opus/,
    },
  ];
  for (const c of cutCases) {
    it.skipIf(!haveTool(c.tool))(`truncated ${c.name} is reported, not returned shorter`, async () => {
      const src = writeFixture(
        `cut-src-${c.ext}.wav`,
        encodeWav({ sampleRate: 48000, channels: [testSignal(3 * 48000, 48000)], format: 'pcm16' }),
      );
      const full = join(dir, `whole.${c.ext}`);
      run(c.tool, c.args(src, full));
      expect((await decodeAudioFile(full)).samples.length).toBe(48000);
      const bytes = readFileSync(full);
      const cut = writeFixture(`cut.${c.ext}`, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
      await expect(decodeAudioFile(cut)).rejects.toThrow(new RegExp(`cut\\.${c.ext}: ${c.reason.source}`));
    });
  }

  it('unsupported WAV encoding (A-law) names the format tag', async () => {
    const bytes = encodeWav({ sampleRate: 8000, channels: [testSignal(100, 8000)], format: 'pcm8' });
    new DataView(bytes.buffer).setUint16(20, 6, true);
    await expect(decodeAudioBytes(bytes, { source: 'alaw.wav' })).rejects.toThrow(
      /alaw\.wav: unsupported WAV encoding \(format tag 0x0006/,
    );
  });
});
