import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeAudioFile } from '../../../src/engine/audio';
import { extractFeatures, getOrComputeFeatures, logMel } from '../../../src/engine/features';
import { encodeWav, testSignal } from '../audio/wav-writer';

let dir: string;
let cacheDir: string;
let wavPath: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pw-cache-'));
  cacheDir = join(dir, 'cache');
  wavPath = join(dir, 'a.wav');
  writeFileSync(
    wavPath,
    encodeWav({ sampleRate: 16000, channels: [testSignal(16000, 16000)], format: 'pcm16' }),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function listFiles(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

describe('content-addressed feature cache', () => {
  it('computes on a miss, stores <aa>/<sha256>.f32 with a frames/bins header, and serves the hit', async () => {
    const first = await getOrComputeFeatures(cacheDir, wavPath);
    expect(first.hit).toBe(false);
    expect(first.key).toMatch(/^[0-9a-f]{64}$/);
    expect(first.file).toBe(join(cacheDir, first.key.slice(0, 2), `${first.key}.f32`));
    expect(listFiles(cacheDir)).toEqual([first.file]); // no temporary file left behind
    const bytes = readFileSync(first.file);
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('PWF1');
    expect(bytes.readUInt32LE(4)).toBe(98);
    expect(bytes.readUInt32LE(8)).toBe(80);
    expect(bytes.length).toBe(12 + 98 * 80 * 4);

    const expected = logMel((await decodeAudioFile(wavPath)).samples);
    expect(first.data).toEqual(expected.data);
    const second = await getOrComputeFeatures(cacheDir, wavPath);
    expect(second.hit).toBe(true);
    expect(second.key).toBe(first.key);
    expect(second.data).toEqual(first.data);
  });

  it('keys on the segment and the feature config', async () => {
    const whole = await getOrComputeFeatures(cacheDir, wavPath);
    const seg = await getOrComputeFeatures(cacheDir, wavPath, { offsetSec: 0.25, durationSec: 0.5 });
    const config = await getOrComputeFeatures(cacheDir, wavPath, { logmel: { numBins: 40 } });
    expect(new Set([whole.key, seg.key, config.key]).size).toBe(3);
    expect(seg.hit).toBe(false);
    expect(seg.frames).toBe(48);
    expect(config.bins).toBe(40);
    const direct = await extractFeatures(wavPath, { offsetSec: 0.25, durationSec: 0.5 });
    expect(seg.data).toEqual(direct.data);
    expect(direct.audioDurationSec).toBe(0.5);
  });

  it('keys on the audio bytes, not the path', async () => {
    const copy = join(dir, 'copy.wav');
    writeFileSync(copy, readFileSync(wavPath));
    const a = await getOrComputeFeatures(cacheDir, wavPath);
    const b = await getOrComputeFeatures(cacheDir, copy);
    expect(b.key).toBe(a.key);
    expect(b.hit).toBe(true);
    const changed = join(dir, 'changed.wav');
    writeFileSync(
      changed,
      encodeWav({ sampleRate: 16000, channels: [testSignal(16000, 16000, 2)], format: 'pcm16' }),
    );
    expect((await getOrComputeFeatures(cacheDir, changed)).hit).toBe(false);
  });

  it('recomputes over a corrupt cache entry', async () => {
    const good = await getOrComputeFeatures(cacheDir, wavPath);
    writeFileSync(good.file, new Uint8Array([1, 2, 3]));
    const again = await getOrComputeFeatures(cacheDir, wavPath);
    expect(again.hit).toBe(false);
    expect(again.data).toEqual(good.data);
    expect((await getOrComputeFeatures(cacheDir, wavPath)).hit).toBe(true);
  });

  it('reports an undecodable file by name and caches nothing for it', async () => {
    const bad = join(dir, 'bad.wav');
    writeFileSync(bad, new Uint8Array(0));
    const before = listFiles(cacheDir).length;
    await expect(getOrComputeFeatures(cacheDir, bad)).rejects.toThrow(/bad\.wav: zero-length file/);
    expect(listFiles(cacheDir).length).toBe(before);
  });
});
