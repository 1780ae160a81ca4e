import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeAudioFile, probeAudioFile } from '../../../src/engine/audio';
import { haveTool, run } from './tools';
import { CORPORA } from '../../helpers/corpora';

/** Real recordings beside the project (read-only; never copied into the repository). */

const present = existsSync(CORPORA);
if (!present) console.log(`skipping real-corpus decoding: ${CORPORA} is absent`);

function audioFiles(ext: string): string[] {
  return (readdirSync(CORPORA, { recursive: true }) as string[])
    .filter((f) => f.endsWith(ext))
    .sort()
    .map((f) => join(CORPORA, f));
}

/**
 * Length of an Ogg Opus stream per RFC 7845, from the container alone: granule position of the last page
 * minus the pre-skip in the OpusHead packet, in 48 kHz samples.
 */
function opusLengthFromContainer(path: string): number {
  const bytes = readFileSync(path);
  const preSkip = bytes.readUInt16LE(28 + 10);
  const lastPage = bytes.lastIndexOf('OggS');
  return Number(bytes.readBigInt64LE(lastPage + 6)) - preSkip;
}

describe.skipIf(!present)('real corpora under shared/corpora', () => {
  it.skipIf(!haveTool('soxi'))(
    'Kaldi yesno WAVs (8 kHz): header probe and decode match soxi sample counts',
    async () => {
      const wavs = audioFiles('.wav');
      expect(wavs.length).toBe(60);
      const soxSamples = run('soxi', ['-s', ...wavs])
        .trim()
        .split('\n')
        .map(Number);
      const soxSeconds = run('soxi', ['-D', ...wavs])
        .trim()
        .split('\n')
        .map(Number);
      for (const [i, path] of wavs.entries()) {
        const probe = await probeAudioFile(path);
        expect(probe.frames, relative(CORPORA, path)).toBe(soxSamples[i]);
        expect(probe.sampleRate).toBe(8000);
        expect(probe.durationSec).toBeCloseTo(soxSeconds[i], 6);
      }
      const decoded = await decodeAudioFile(wavs[0]);
      expect(decoded.samples.length).toBe(
        Math.round((Number(run('soxi', ['-s', wavs[0]]).trim()) * 16000) / 8000),
      );
    },
  );

  it.skipIf(!haveTool('soxi'))(
    'LibriSpeech FLACs: every sample decoded and probed (soxi -s), 16 kHz mono',
    async () => {
      const flacs = audioFiles('.flac');
      expect(flacs.length).toBe(4);
      for (const path of flacs) {
        const audio = await decodeAudioFile(path);
        expect(audio.sourceFormat).toBe('flac');
        expect(audio.sourceSampleRate).toBe(16000);
        expect(audio.sourceChannels).toBe(1);
        const samples = Number(run('soxi', ['-s', path]).trim());
        expect(audio.samples.length, relative(CORPORA, path)).toBe(samples);
        expect(await probeAudioFile(path)).toEqual({
          durationSec: samples / 16000,
          sampleRate: 16000,
          channels: 1,
          format: 'flac',
          frames: samples,
        });
      }
    },
  );

  it('FLEURS Ogg Opus (one clip per language): length = last granule − pre-skip, close to ffprobe', async () => {
    const byLanguage = new Map<string, string>();
    for (const path of audioFiles('.ogg')) {
      const lang = /^fleurs-([a-z]+)-/.exec(basename(path))?.[1];
      if (lang && !byLanguage.has(lang)) byLanguage.set(lang, path);
    }
    expect(byLanguage.size).toBe(5);
    for (const path of byLanguage.values()) {
      const audio = await decodeAudioFile(path, { sampleRate: 48000 });
      expect(audio.sourceFormat).toBe('opus');
      expect(audio.samples.length, relative(CORPORA, path)).toBe(opusLengthFromContainer(path));
      if (haveTool('ffprobe')) {
        // ffprobe's duration counts the 312-sample pre-skip (6.5 ms) as audio.
        const ffprobe = Number(
          run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', path]),
        );
        expect(Math.abs(ffprobe - audio.durationSec)).toBeLessThan(0.01);
      }
    }
  });
});
