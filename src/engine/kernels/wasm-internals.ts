/**
 * Typed access to the parts of the tfjs 'wasm' backend (tfjs-backend-wasm 4.22) that the kernel
 * overrides need: tensor ids and heap offsets, the exported C functions, and alias tensors that view
 * a slice of another tensor's memory without copying it.
 */
import type { WasmMemory } from '../wasm/assembler';
import type { tf } from '../tf';

interface WasmTensorData {
  id: number;
  memoryOffset: number;
  shape: number[];
}

interface WasmModule {
  HEAPF32: Float32Array;
  /** The module's memory: exported as asm.memory, or created by the loader (wasmMemory) when threaded. */
  asm?: { memory?: WasmMemory };
  wasmMemory?: WasmMemory;
  _malloc(bytes: number): number;
  /**
   * The backend's exported BatchMatMul(aId, aShapePtr, aRank, bId, bShapePtr, bRank, transposeA,
   * transposeB, outId). Called directly with shapes already on the heap: the stock kernel's cwrap
   * copies them in per call, which costs about as much as a 100×100·100×36 product.
   */
  _BatchMatMul(...args: number[]): void;
  tfjs: {
    registerTensor(id: number, size: number, memoryOffset: number): void;
    disposeData(id: number): void;
  };
}

interface WasmBackendShape {
  wasm: WasmModule;
  dataIdMap: { get(dataId: tf.DataId): WasmTensorData | undefined };
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  disposeData(dataId: tf.DataId): boolean;
  incRef(dataId: tf.DataId): void;
}

/** Ids for alias tensors: far above the ids the backend hands out itself (it counts up from 1). */
let nextAliasId = 1 << 30;

/** Int32 slots of each module's scratch area for shapes passed to exported C functions. */
export const SHAPE_SCRATCH_INTS = 64;

/** Float32 slots of each module's area for the scalar arguments of assembled kernels. */
const CONSTANT_FLOATS = 16;

/** Per module: heap address of its CONSTANT_FLOATS area. */
const constantsArea = new WeakMap<WasmModule, number>();

/** Per module: heap address of SHAPE_SCRATCH_INTS int32s for shapes passed to exported C functions. */
const shapeScratch = new WeakMap<WasmModule, number>();

/**
 * The k×n under which each tensor's data was first used as XNNPACK weights. The backend caches the
 * packed weights by tensor id, and reshaped tensors share their id, so reusing data under another
 * shape would silently reuse the wrong packing (a bug of the stock kernel too).
 */
const weightShapes = new WeakMap<tf.DataId, string>();

/** A view of the wasm backend that kernel functions receive as `backend`. */
export class WasmBackendView {
  private readonly backend: WasmBackendShape;

  constructor(backend: unknown) {
    const candidate = backend as Partial<WasmBackendShape>;
    if (!candidate.wasm || !candidate.dataIdMap || typeof candidate.makeOutput !== 'function') {
      throw new Error('engine kernels: the backend passed to a wasm kernel is not the tfjs wasm backend');
    }
    this.backend = candidate as WasmBackendShape;
  }

  /** The wasm-side id of a tensor. */
  idOf(info: tf.TensorInfo): number {
    const data = this.backend.dataIdMap.get(info.dataId);
    if (!data) throw new Error('engine kernels: tensor is not held by the wasm backend');
    return data.id;
  }

  /** Byte offset of a tensor's first element in the wasm heap. */
  offsetOf(info: tf.TensorInfo): number {
    const data = this.backend.dataIdMap.get(info.dataId);
    if (!data) throw new Error('engine kernels: tensor is not held by the wasm backend');
    return data.memoryOffset;
  }

  /** The backend's WebAssembly memory, for kernels assembled at run time to work on tensors in place. */
  memory(): WasmMemory | undefined {
    const module = this.backend.wasm;
    return module.asm?.memory ?? module.wasmMemory;
  }

  /**
   * Write `values` (at most CONSTANT_FLOATS) as float32 into this module's constants area and return
   * its heap address, valid until the next call: scalar arguments of the run-time assembled kernels.
   */
  constants(values: number[]): number {
    const module = this.backend.wasm;
    if (values.length > CONSTANT_FLOATS) throw new Error('engine kernels: too many kernel constants');
    let area = constantsArea.get(module);
    if (area === undefined) {
      area = module._malloc(4 * CONSTANT_FLOATS);
      constantsArea.set(module, area);
    }
    new Float32Array(module.HEAPF32.buffer, area, values.length).set(values);
    return area;
  }

  /** The current float view of the heap (re-read after every allocation: the heap may grow). */
  heapF32(): Float32Array {
    return this.backend.wasm.HEAPF32;
  }

  /** A float32 or int32 view of a tensor's memory (valid until the next allocation). */
  elements(info: tf.TensorInfo): Float32Array | Int32Array {
    const size = info.shape.reduce((total, dim) => total * dim, 1);
    const buffer = this.backend.wasm.HEAPF32.buffer;
    if (info.dtype === 'float32') return new Float32Array(buffer, this.offsetOf(info), size);
    if (info.dtype === 'int32') return new Int32Array(buffer, this.offsetOf(info), size);
    throw new Error(`engine kernels: expected a float32 or int32 tensor, got ${info.dtype}`);
  }

  /** The bytes of a bool tensor (valid until the next allocation). */
  bytes(info: tf.TensorInfo): Uint8Array {
    if (info.dtype !== 'bool') throw new Error(`engine kernels: expected a bool tensor, got ${info.dtype}`);
    const size = info.shape.reduce((total, dim) => total * dim, 1);
    return new Uint8Array(this.backend.wasm.HEAPF32.buffer, this.offsetOf(info), size);
  }

  makeOutput(shape: number[], dtype: tf.DataType = 'float32'): tf.TensorInfo {
    return this.backend.makeOutput(shape, dtype);
  }

  dispose(info: tf.TensorInfo): void {
    this.backend.disposeData(info.dataId);
  }

  /** `info`'s data under another shape (or the same), sharing its memory: one more reference to it. */
  share(info: tf.TensorInfo, shape: number[] = info.shape): tf.TensorInfo {
    this.backend.incRef(info.dataId);
    return { dataId: info.dataId, shape: [...shape], dtype: info.dtype };
  }

  /** The heap as 32-bit words, for moving float32 and int32 elements (re-read after allocations). */
  heapWords(): Int32Array {
    return new Int32Array(this.backend.wasm.HEAPF32.buffer);
  }

  /**
   * Register a wasm-side tensor id that views `size` floats starting `elementOffset` elements into
   * `info`'s memory. Release it with `releaseAlias` (that frees nothing but the id).
   */
  alias(info: tf.TensorInfo, elementOffset: number, size: number): number {
    const id = nextAliasId++;
    if (nextAliasId >= 2 ** 31) nextAliasId = 1 << 30;
    this.backend.wasm.tfjs.registerTensor(id, size, this.offsetOf(info) + 4 * elementOffset);
    return id;
  }

  /**
   * An id for `info` as k×n XNNPACK weights: its own id, or — when its data was already used as
   * weights of another shape — a fresh alias (`alias: true`; release it after the product).
   */
  weightsId(info: tf.TensorInfo, k: number, n: number): { id: number; alias: boolean } {
    const key = `${k}x${n}`;
    const seen = weightShapes.get(info.dataId);
    if (seen === undefined) weightShapes.set(info.dataId, key);
    if (seen === undefined || seen === key) return { id: this.idOf(info), alias: false };
    return { id: this.alias(info, 0, k * n), alias: true };
  }

  releaseAlias(id: number): void {
    this.backend.wasm.tfjs.disposeData(id);
  }

  /**
   * Write `shapes` (at most SHAPE_SCRATCH_INTS numbers in all) one after the other into this module's
   * scratch area and return their heap addresses, valid until the next call. Exported C functions
   * take shapes as pointers; the stock kernels copy them in through cwrap on every call instead.
   */
  writeShapes(shapes: number[][]): number[] {
    const module = this.backend.wasm;
    let scratch = shapeScratch.get(module);
    if (scratch === undefined) {
      scratch = module._malloc(4 * SHAPE_SCRATCH_INTS);
      shapeScratch.set(module, scratch);
    }
    const words = new Int32Array(module.HEAPF32.buffer, scratch, SHAPE_SCRATCH_INTS);
    const addresses: number[] = [];
    let at = 0;
    for (const shape of shapes) {
      if (at + shape.length > SHAPE_SCRATCH_INTS)
        throw new Error('engine kernels: shapes exceed the scratch area');
      words.set(shape, at);
      addresses.push(scratch + 4 * at);
      at += shape.length;
    }
    return addresses;
  }

  /** The backend's exported C function `name` (called with numbers only), or undefined. */
  exported(name: string): ((...args: number[]) => void) | undefined {
    const candidate = (this.backend.wasm as unknown as Record<string, unknown>)[`_${name}`];
    return typeof candidate === 'function' ? (candidate as (...args: number[]) => void) : undefined;
  }

  /**
   * out[0] (rows×n) = a[0] (rows×k) · b[0] (k×n) through the backend's XNNPACK fully-connected path.
   * All three are wasm-side ids of contiguous float32 buffers. XNNPACK caches packed weights per id
   * of `b`: pass an id whose contents never change while it is registered.
   */
  matMulRows(aId: number, rows: number, k: number, bId: number, n: number, outId: number): void {
    const [aShape, bShape] = this.writeShapes([
      [1, rows, k],
      [1, k, n],
    ]);
    this.backend.wasm._BatchMatMul(aId, aShape, 3, bId, bShape, 3, 0, 0, outId);
  }
}
