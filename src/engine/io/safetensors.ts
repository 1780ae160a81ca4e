import { readFileSync, renameSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/** dtypes this engine reads and writes, with their safetensors names and byte widths. */
export type SafeDType = 'F32' | 'I32' | 'U8' | 'F64';
const WIDTH: Record<SafeDType, number> = { F32: 4, I32: 4, U8: 1, F64: 8 };

export type SafeArray = Float32Array | Int32Array | Uint8Array | Float64Array;

export interface SafeTensor {
  dtype: SafeDType;
  shape: number[];
  data: SafeArray;
}

export type SafeTensorMap = Map<string, SafeTensor>;

function dtypeOf(data: SafeArray): SafeDType {
  if (data instanceof Float32Array) return 'F32';
  if (data instanceof Int32Array) return 'I32';
  if (data instanceof Uint8Array) return 'U8';
  return 'F64';
}

/** Build a tensor entry, inferring the dtype from the typed array. */
export function safeTensor(data: SafeArray, shape: number[]): SafeTensor {
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== data.length)
    throw new Error(`shape [${shape}] holds ${count} values, data has ${data.length}`);
  return { dtype: dtypeOf(data), shape, data };
}

/** Serialise to the safetensors format: u64 header length, JSON header, little-endian data. */
export function encodeSafetensors(tensors: SafeTensorMap, metadata: Record<string, string> = {}): Buffer {
  const header: Record<string, unknown> = { __metadata__: metadata };
  let offset = 0;
  const names = [...tensors.keys()].sort();
  for (const name of names) {
    const t = tensors.get(name)!;
    const bytes = t.data.length * WIDTH[t.dtype];
    header[name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (json.length % 8)) % 8);
  const headerBytes = Buffer.from(json, 'utf8');
  const out = Buffer.alloc(8 + headerBytes.length + offset);
  out.writeBigUInt64LE(BigInt(headerBytes.length), 0);
  headerBytes.copy(out, 8);
  let cursor = 8 + headerBytes.length;
  for (const name of names) {
    const t = tensors.get(name)!;
    const src = Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength);
    src.copy(out, cursor);
    cursor += src.length;
  }
  return out;
}

interface HeaderEntry {
  dtype: SafeDType;
  shape: number[];
  data_offsets: [number, number];
}

/** Parse a safetensors buffer; errors name the offending tensor. */
export function decodeSafetensors(
  buffer: Buffer,
  source = 'buffer',
): {
  tensors: SafeTensorMap;
  metadata: Record<string, string>;
} {
  if (buffer.length < 8) throw new Error(`${source}: too short to be a safetensors file`);
  const headerLength = Number(buffer.readBigUInt64LE(0));
  if (headerLength <= 0 || 8 + headerLength > buffer.length) {
    throw new Error(`${source}: header length ${headerLength} does not fit a ${buffer.length}-byte file`);
  }
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(buffer.subarray(8, 8 + headerLength).toString('utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new Error(`${source}: header is not JSON (${(error as Error).message})`);
  }
  const base = 8 + headerLength;
  const tensors: SafeTensorMap = new Map();
  for (const [name, raw] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const entry = raw as HeaderEntry;
    const width = WIDTH[entry.dtype];
    if (!width) throw new Error(`${source}: tensor '${name}' has unsupported dtype ${entry.dtype}`);
    const [start, end] = entry.data_offsets;
    const count = entry.shape.reduce((a, b) => a * b, 1);
    if (end - start !== count * width || base + end > buffer.length) {
      throw new Error(
        `${source}: tensor '${name}' offsets [${start}, ${end}] do not match shape [${entry.shape}]`,
      );
    }
    const bytes = new Uint8Array(end - start);
    bytes.set(buffer.subarray(base + start, base + end));
    const data =
      entry.dtype === 'F32'
        ? new Float32Array(bytes.buffer)
        : entry.dtype === 'I32'
          ? new Int32Array(bytes.buffer)
          : entry.dtype === 'F64'
            ? new Float64Array(bytes.buffer)
            : bytes;
    tensors.set(name, { dtype: entry.dtype, shape: entry.shape, data });
  }
  const metadata = (header.__metadata__ ?? {}) as Record<string, string>;
  return { tensors, metadata };
}

/** Write atomically: to a temporary name beside the target, then rename over it. */
export function writeSafetensorsFile(
  path: string,
  tensors: SafeTensorMap,
  metadata: Record<string, string> = {},
): number {
  mkdirSync(dirname(path), { recursive: true });
  const bytes = encodeSafetensors(tensors, metadata);
  const temp = `${path}.tmp-${process.pid}`;
  writeFileSync(temp, bytes);
  renameSync(temp, path);
  return bytes.length;
}

export function readSafetensorsFile(path: string): {
  tensors: SafeTensorMap;
  metadata: Record<string, string>;
} {
  return decodeSafetensors(readFileSync(path), path);
}
