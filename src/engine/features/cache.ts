import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readAudioFileBytes } from '../audio/decode';
import { extractFeaturesFromBytes, type FeatureOptions } from './extract';
import { resolveLogMelOptions, type LogMel } from './logmel';

/**
 * Content-addressed on-disk feature cache.
 *
 * key  = sha256(audio file bytes ‖ 0x00 ‖ JSON {version, offsetSec, durationSec, logmel (all options resolved)})
 * file = <cacheDir>/<key[0..2]>/<key>.f32: "PWF1" magic, uint32 LE frames, uint32 LE bins, then frames × bins
 *        float32 LE, row-major. Written to a temporary name and renamed, so readers never see a partial file;
 *        a file with a bad header or size is treated as a miss and rewritten.
 */
const MAGIC = 'PWF1';
const HEADER_BYTES = 12;
const FORMAT_VERSION = 1;

export interface CachedFeatures extends LogMel {
  key: string;
  /** True when the features came from the cache rather than being computed. */
  hit: boolean;
  file: string;
}

export function featureCacheKey(audioBytes: Uint8Array, opts: FeatureOptions = {}): string {
  const config = JSON.stringify({
    version: FORMAT_VERSION,
    offsetSec: opts.offsetSec ?? 0,
    durationSec: opts.durationSec ?? null,
    logmel: resolveLogMelOptions(opts.logmel),
  });
  return createHash('sha256')
    .update(audioBytes)
    .update(new Uint8Array([0]))
    .update(config)
    .digest('hex');
}

export function featureCachePath(cacheDir: string, key: string): string {
  return join(cacheDir, key.slice(0, 2), `${key}.f32`);
}

export function encodeFeatures(features: LogMel): Uint8Array {
  const out = new Uint8Array(HEADER_BYTES + features.data.length * 4);
  const v = new DataView(out.buffer);
  for (let i = 0; i < 4; i++) out[i] = MAGIC.charCodeAt(i);
  v.setUint32(4, features.frames, true);
  v.setUint32(8, features.bins, true);
  for (let i = 0; i < features.data.length; i++) v.setFloat32(HEADER_BYTES + 4 * i, features.data[i], true);
  return out;
}

/** Parses a cache file; null when it is not a complete, well-formed one. */
export function decodeFeatures(bytes: Uint8Array): LogMel | null {
  if (bytes.length < HEADER_BYTES || String.fromCharCode(...bytes.subarray(0, 4)) !== MAGIC) return null;
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const frames = v.getUint32(4, true);
  const bins = v.getUint32(8, true);
  if (bytes.length !== HEADER_BYTES + frames * bins * 4) return null;
  const data = new Float32Array(frames * bins);
  for (let i = 0; i < data.length; i++) data[i] = v.getFloat32(HEADER_BYTES + 4 * i, true);
  return { data, frames, bins };
}

async function readIfPresent(file: string): Promise<Uint8Array | null> {
  try {
    return await readFile(file);
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ENOENT') return null;
    throw err;
  }
}

async function writeAtomically(file: string, bytes: Uint8Array): Promise<void> {
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    await writeFile(tmp, bytes);
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/** Returns the log-mel features of (a segment of) an audio file, from the cache when present. */
export async function getOrComputeFeatures(
  cacheDir: string,
  path: string,
  opts: FeatureOptions = {},
): Promise<CachedFeatures> {
  const audioBytes = await readAudioFileBytes(path);
  const key = featureCacheKey(audioBytes, opts);
  const file = featureCachePath(cacheDir, key);
  const cachedBytes = await readIfPresent(file);
  const cached = cachedBytes ? decodeFeatures(cachedBytes) : null;
  if (cached) return { ...cached, key, hit: true, file };
  const { data, frames, bins } = await extractFeaturesFromBytes(audioBytes, path, opts);
  await mkdir(join(cacheDir, key.slice(0, 2)), { recursive: true });
  await writeAtomically(file, encodeFeatures({ data, frames, bins }));
  return { data, frames, bins, key, hit: false, file };
}
