import { tf } from '../tf';
import {
  decodeSafetensors,
  encodeSafetensors,
  readSafetensorsFile,
  safeTensor,
  writeSafetensorsFile,
} from '../io/safetensors';
import type { SafeTensorMap } from '../io/safetensors';
import { elementCount } from './param-map';
import { layerOf } from './prunable';
import { packBits, unpackBits } from './bit-pack';

/** One binary mask: 1 keeps the weight, 0 prunes it. */
export interface Mask {
  shape: number[];
  data: Uint8Array;
}

export type MaskEncoding = 'u8' | 'bitpacked';

const FORMAT = 'pathways-mask-set';

/** Sparsity accounting of a set of weights: how many there are, how many survive. */
export interface SparsityCount {
  total: number;
  kept: number;
  sparsity: number;
}

function count(total: number, kept: number): SparsityCount {
  return { total, kept, sparsity: total === 0 ? 0 : 1 - kept / total };
}

function countOnes(data: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < data.length; i++) n += data[i];
  return n;
}

/**
 * One binary mask per prunable tensor, keyed by parameter name (kept in sorted order, which is also
 * the order in which global operations enumerate weights, so tie-breaking is deterministic).
 */
export class MaskSet {
  readonly masks: ReadonlyMap<string, Mask>;

  constructor(masks: ReadonlyMap<string, Mask>) {
    const sorted = new Map<string, Mask>();
    for (const name of [...masks.keys()].sort()) {
      const mask = masks.get(name)!;
      if (elementCount(mask.shape) !== mask.data.length) {
        throw new Error(
          `mask '${name}': shape [${mask.shape}] holds ${elementCount(mask.shape)} values, data has ${mask.data.length}`,
        );
      }
      const bad = mask.data.findIndex((v) => v > 1);
      if (bad >= 0) throw new Error(`mask '${name}': value ${mask.data[bad]} at index ${bad} is not 0 or 1`);
      sorted.set(name, { shape: [...mask.shape], data: mask.data });
    }
    this.masks = sorted;
  }

  /** All-ones masks (nothing pruned) for the given tensors. */
  static full(shapes: ReadonlyMap<string, readonly number[]>): MaskSet {
    return new MaskSet(
      new Map(
        [...shapes].map(([name, shape]) => [
          name,
          { shape: [...shape], data: new Uint8Array(elementCount(shape)).fill(1) },
        ]),
      ),
    );
  }

  /** Union of one or more mask sets over the same tensors. */
  static unionAll(sets: readonly MaskSet[]): MaskSet {
    if (sets.length === 0) throw new Error('union of no mask sets');
    return sets.slice(1).reduce((acc, m) => acc.union(m), sets[0]);
  }

  names(): string[] {
    return [...this.masks.keys()];
  }

  get(name: string): Mask {
    const mask = this.masks.get(name);
    if (!mask) throw new Error(`mask set has no tensor '${name}'`);
    return mask;
  }

  shapes(): Map<string, number[]> {
    return new Map([...this.masks].map(([name, m]) => [name, [...m.shape]]));
  }

  /** Global accounting over all prunable weights. */
  count(): SparsityCount {
    let total = 0;
    let kept = 0;
    for (const m of this.masks.values()) {
      total += m.data.length;
      kept += countOnes(m.data);
    }
    return count(total, kept);
  }

  sparsity(): number {
    return this.count().sparsity;
  }

  perTensor(): Map<string, SparsityCount> {
    return new Map([...this.masks].map(([name, m]) => [name, count(m.data.length, countOnes(m.data))]));
  }

  /** Accounting per layer, where `layer` maps a tensor name to its layer (default: {@link layerOf}). */
  perLayer(layer: (name: string) => string = layerOf): Map<string, SparsityCount> {
    const sums = new Map<string, { total: number; kept: number }>();
    for (const [name, c] of this.perTensor()) {
      const key = layer(name);
      const s = sums.get(key) ?? { total: 0, kept: 0 };
      s.total += c.total;
      s.kept += c.kept;
      sums.set(key, s);
    }
    return new Map([...sums].map(([key, s]) => [key, count(s.total, s.kept)]));
  }

  private combine(other: MaskSet, op: (a: number, b: number) => number): MaskSet {
    this.checkSameTensors(other);
    const out = new Map<string, Mask>();
    for (const [name, m] of this.masks) {
      const o = other.get(name).data;
      const data = new Uint8Array(m.data.length);
      for (let i = 0; i < data.length; i++) data[i] = op(m.data[i], o[i]);
      out.set(name, { shape: m.shape, data });
    }
    return new MaskSet(out);
  }

  union(other: MaskSet): MaskSet {
    return this.combine(other, (a, b) => a | b);
  }

  intersection(other: MaskSet): MaskSet {
    return this.combine(other, (a, b) => a & b);
  }

  /** |a ∧ b| / |a ∨ b| over all tensors; 1 when both masks are empty (identical sets). */
  iou(other: MaskSet): number {
    const inter = this.intersection(other).count().kept;
    const uni = this.union(other).count().kept;
    return uni === 0 ? 1 : inter / uni;
  }

  equals(other: MaskSet): boolean {
    if (this.names().join('\n') !== other.names().join('\n')) return false;
    for (const [name, m] of this.masks) {
      const o = other.get(name);
      if (o.shape.join(',') !== m.shape.join(',')) return false;
      for (let i = 0; i < m.data.length; i++) if (m.data[i] !== o.data[i]) return false;
    }
    return true;
  }

  clone(): MaskSet {
    return new MaskSet(
      new Map([...this.masks].map(([name, m]) => [name, { shape: m.shape, data: m.data.slice() }])),
    );
  }

  /** Throws, naming the first mismatch, unless both sets cover the same tensors with the same shapes. */
  checkSameTensors(other: MaskSet): void {
    checkShapes(this.shapes(), other.shapes(), 'mask set', 'other mask set');
  }

  /**
   * Throws unless every mask names a parameter of `params` with the same shape. Parameters without
   * a mask are allowed (they are not prunable).
   */
  validateAgainst(params: ReadonlyMap<string, { shape: readonly number[] }>): void {
    for (const [name, m] of this.masks) {
      const p = params.get(name);
      if (!p) throw new Error(`mask tensor '${name}' is not a parameter of the model`);
      if (p.shape.join(',') !== m.shape.join(',')) {
        throw new Error(
          `mask tensor '${name}' has shape [${m.shape}] but the model parameter has shape [${p.shape}]`,
        );
      }
    }
  }

  /** Float32 0/1 tensors for use inside a graph (caller disposes). */
  toTensors(): Map<string, tf.Tensor> {
    return new Map([...this.masks].map(([name, m]) => [name, tf.tensor(Float32Array.from(m.data), m.shape)]));
  }

  /** The safetensors form: U8 per tensor (`u8`) or bit-packed bytes (`bitpacked`), shapes in the metadata. */
  toSafetensors(
    encoding: MaskEncoding = 'bitpacked',
    metadata: Record<string, string> = {},
  ): { tensors: SafeTensorMap; metadata: Record<string, string> } {
    const tensors: SafeTensorMap = new Map();
    for (const [name, m] of this.masks) {
      const data = encoding === 'u8' ? m.data : packBits(m.data);
      tensors.set(name, safeTensor(data, encoding === 'u8' ? m.shape : [data.length]));
    }
    const shapes = JSON.stringify(Object.fromEntries(this.shapes()));
    return { tensors, metadata: { ...metadata, format: FORMAT, encoding, shapes } };
  }

  static fromSafetensors(
    tensors: SafeTensorMap,
    metadata: Record<string, string>,
    source: string,
  ): { masks: MaskSet; metadata: Record<string, string> } {
    if (metadata.format !== FORMAT)
      throw new Error(`${source}: not a mask set (format '${metadata.format}')`);
    const encoding = metadata.encoding;
    if (encoding !== 'u8' && encoding !== 'bitpacked')
      throw new Error(`${source}: unknown mask encoding '${encoding}'`);
    let shapes: Record<string, number[]>;
    try {
      shapes = JSON.parse(metadata.shapes) as Record<string, number[]>;
    } catch {
      throw new Error(`${source}: metadata 'shapes' is not JSON`);
    }
    const masks = new Map<string, Mask>();
    try {
      for (const [name, t] of tensors) {
        const shape = shapes[name];
        if (!shape) throw new Error(`tensor '${name}' has no shape in the metadata`);
        if (t.dtype !== 'U8') throw new Error(`tensor '${name}' has dtype ${t.dtype}, expected U8`);
        const bytes = t.data as Uint8Array;
        masks.set(name, { shape, data: encoding === 'u8' ? bytes : unpackBits(bytes, elementCount(shape)) });
      }
      return { masks: new MaskSet(masks), metadata };
    } catch (error) {
      throw new Error(`${source}: ${(error as Error).message}`);
    }
  }

  encode(encoding: MaskEncoding = 'bitpacked', metadata: Record<string, string> = {}): Buffer {
    const safe = this.toSafetensors(encoding, metadata);
    return encodeSafetensors(safe.tensors, safe.metadata);
  }

  static decode(
    buffer: Buffer,
    source = 'mask buffer',
  ): { masks: MaskSet; metadata: Record<string, string> } {
    const { tensors, metadata } = decodeSafetensors(buffer, source);
    return MaskSet.fromSafetensors(tensors, metadata, source);
  }

  /** Write atomically as safetensors; returns the file size in bytes. */
  save(path: string, encoding: MaskEncoding = 'bitpacked', metadata: Record<string, string> = {}): number {
    const safe = this.toSafetensors(encoding, metadata);
    return writeSafetensorsFile(path, safe.tensors, safe.metadata);
  }

  static load(path: string): { masks: MaskSet; metadata: Record<string, string> } {
    const { tensors, metadata } = readSafetensorsFile(path);
    return MaskSet.fromSafetensors(tensors, metadata, path);
  }
}

/** Throws naming the first tensor whose presence or shape differs between two shape maps. */
export function checkShapes(
  a: ReadonlyMap<string, readonly number[]>,
  b: ReadonlyMap<string, readonly number[]>,
  aLabel: string,
  bLabel: string,
): void {
  for (const [name, shape] of a) {
    const other = b.get(name);
    if (!other) throw new Error(`tensor '${name}' is in the ${aLabel} but not in the ${bLabel}`);
    if (other.join(',') !== shape.join(',')) {
      throw new Error(
        `tensor '${name}' has shape [${shape}] in the ${aLabel} but [${other}] in the ${bLabel}`,
      );
    }
  }
  for (const name of b.keys()) {
    if (!a.has(name)) throw new Error(`tensor '${name}' is in the ${bLabel} but not in the ${aLabel}`);
  }
}
