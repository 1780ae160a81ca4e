/**
 * Just enough of the WebAssembly binary format to assemble one-function SIMD kernels from their opcodes at run
 * time (no toolchain, no binary files), and to run them on a memory that grows on demand.
 * Each module imports its memory as e.m and exports its function as `run`; all parameters are i32.
 */

export const I32 = 0x7f;
export const F32 = 0x7d;
export const V128 = 0x7b;
const SIMD = 0xfd;

/** Unsigned LEB128. */
function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 of a 32-bit integer. */
function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

const str = (s: string): number[] => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const simd = (op: number): number[] => [SIMD, ...uleb(op)];

/** Instructions, as byte sequences. */
export const op = {
  get: (local: number): number[] => [0x20, ...uleb(local)],
  set: (local: number): number[] => [0x21, ...uleb(local)],
  i32: (n: number): number[] => [0x41, ...sleb(n)],
  i32Add: [0x6a],
  i32Sub: [0x6b],
  i32Mul: [0x6c],
  i32Shl: [0x74],
  i32Eqz: [0x45],
  i32LtU: [0x49],
  i32GtU: [0x4b],
  i32GeU: [0x4f],
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  if: [0x04, 0x40],
  end: [0x0b],
  br: (depth: number): number[] => [0x0c, depth],
  brIf: (depth: number): number[] => [0x0d, depth],
  f32Add: [0x92],
  f32Mul: [0x94],
  f32Store: [0x38, 2, 0],
  /** f32.store to the address on the stack plus a constant byte offset. */
  f32StoreAt: (offset: number): number[] => [0x38, 2, ...uleb(offset)],
  f32Const: (value: number): number[] => [0x43, ...new Uint8Array(Float32Array.of(value).buffer)],
  f32Sub: [0x93],
  f32Div: [0x95],
  f32Sqrt: [0x91],
  f64Add: [0xa0],
  f64Store: [0x39, 3, 0],
  v128Load: [...simd(0x00), 0, 0],
  /** v128.load from the address on the stack plus a constant byte offset. */
  v128LoadAt: (offset: number): number[] => [...simd(0x00), 0, ...uleb(offset)],
  v128Store: [...simd(0x0b), 0, 0],
  /** v128.store to the address on the stack plus a constant byte offset. */
  v128StoreAt: (offset: number): number[] => [...simd(0x0b), 0, ...uleb(offset)],
  v128Const: (bytes: Uint8Array): number[] => [...simd(0x0c), ...bytes],
  /** Lanes of a and b by byte index (0–15 from a, 16–31 from b). */
  shuffle: (lanes: number[]): number[] => [...simd(0x0d), ...lanes],
  f32x4ExtractLane: (lane: number): number[] => [...simd(0x1f), lane],
  f64x2ExtractLane: (lane: number): number[] => [...simd(0x21), lane],
  f32Load: [0x2a, 2, 0],
  /** f32.load from the address on the stack plus a constant byte offset. */
  f32LoadAt: (offset: number): number[] => [0x2a, 2, ...uleb(offset)],
  f32x4Splat: simd(0x13),
  f32x4Gt: simd(0x44),
  v128Bitselect: simd(0x52),
  f32x4Sqrt: simd(0xe3),
  f32x4Add: simd(0xe4),
  f32x4Sub: simd(0xe5),
  f32x4Mul: simd(0xe6),
  f32x4Div: simd(0xe7),
  f64x2Add: simd(0xf0),
  f64x2Sub: simd(0xf1),
  f64x2Mul: simd(0xf2),
};

/** local += amount (an i32 local; `amount` pushes one i32). */
export const addTo = (local: number, amount: number[]): number[] => [
  ...op.get(local),
  ...amount,
  ...op.i32Add,
  ...op.set(local),
];

/** A loop that checks `exitWhen` (which pushes an i32) before each pass and runs `body` until it is true. */
export const whileNot = (exitWhen: number[], body: number[]): number[] => [
  ...op.block,
  ...op.loop,
  ...exitWhen,
  ...op.brIf(1),
  ...body,
  ...op.br(0),
  ...op.end,
  ...op.end,
];

/** counter = 0, 1, … while counter < the local `limit`, running `body` each time (not at all for 0). */
export const countUp = (counter: number, limit: number, body: number[]): number[] => [
  ...op.i32(0),
  ...op.set(counter),
  ...whileNot([...op.get(counter), ...op.get(limit), ...op.i32GeU], [...body, ...addTo(counter, op.i32(1))]),
];

/** counter = 0, step, 2·step, … while counter < the local `limit`, running `body` at least once (do-while). */
export const stepThrough = (counter: number, limit: number, step: number, body: number[]): number[] => [
  ...op.i32(0),
  ...op.set(counter),
  ...op.loop,
  ...body,
  ...addTo(counter, op.i32(step)),
  ...op.get(counter),
  ...op.get(limit),
  ...op.i32LtU,
  ...op.brIf(0),
  ...op.end,
];

/** Limits of the imported memory: at least one page; a shared memory also needs a maximum (here 4 GiB). */
const memoryLimits = (shared: boolean): number[] => (shared ? [0x03, 1, ...uleb(65536)] : [0x00, 1]);

/** A kernel's locals, named once: each name's index, the i32 parameter count, and the [count, type] runs. */
export interface NamedLocals<Name extends string> {
  index: Record<Name, number>;
  params: number;
  locals: [number, number][];
}

/**
 * Name a kernel's i32 parameters and its locals (groups of one type) in declaration order: the indices `get`/`set`
 * use and the declaration `assemble` takes come from this one list, so they cannot drift apart.
 */
export function namedLocals<const Name extends string>(
  params: readonly Name[],
  groups: readonly (readonly [type: number, names: readonly Name[]])[],
): NamedLocals<Name> {
  const index = {} as Record<Name, number>;
  [...params, ...groups.flatMap(([, names]) => names)].forEach((name, i) => {
    if (name in index) throw new Error(`wasm kernel: local '${name}' is declared twice`);
    index[name] = i;
  });
  return { index, params: params.length, locals: groups.map(([type, names]) => [names.length, type]) };
}

/**
 * The bytes of a module with one exported function `run` taking `params` i32 parameters, with locals declared as
 * [count, type] runs, over the imported memory e.m (a shared memory when `sharedMemory`).
 */
export function assemble(
  params: number,
  locals: [number, number][],
  body: number[],
  sharedMemory = false,
): Uint8Array {
  const code = [...vec(locals.map(([count, type]) => [...uleb(count), type])), ...body, ...op.end];
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec([[0x60, ...vec(new Array<number[]>(params).fill([I32])), 0]])),
    ...section(2, vec([[...str('e'), ...str('m'), 0x02, ...memoryLimits(sharedMemory)]])),
    ...section(3, vec([[0]])),
    ...section(7, vec([[...str('run'), 0x00, 0]])),
    ...section(10, vec([[...uleb(code.length), ...code]])),
  ]);
}

/** The few members of the WebAssembly JS API used here (the engine's lib settings carry no WebAssembly typings). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Memory: new (descriptor: { initial: number }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

const PAGE_BYTES = 65536;

/** Compiled modules by their bytes: each kernel is compiled once per process. */
const compiled = new WeakMap<Uint8Array, object>();

function compile(bytes: Uint8Array): object {
  let module = compiled.get(bytes);
  if (!module) {
    module = new wasm.Module(bytes);
    compiled.set(bytes, module);
  }
  return module;
}

/**
 * An instance of an assembled module with its own memory, grown on demand (never shrunk), or with the memory of
 * `shareWith` (another kernel, so that two kernels work on the same data, or any WebAssembly memory).
 */
export class WasmKernel<Run extends (...args: number[]) => void> {
  private readonly memory: WasmMemory;
  readonly run: Run;

  constructor(bytes: Uint8Array, shareWith?: WasmKernel<(...args: number[]) => void> | WasmMemory) {
    this.memory =
      shareWith instanceof WasmKernel ? shareWith.memory : (shareWith ?? new wasm.Memory({ initial: 1 }));
    const instance = new wasm.Instance(compile(bytes), { e: { m: this.memory } });
    this.run = instance.exports.run as Run;
  }

  /** The whole memory as bytes, grown to at least `bytes` (views from before a growth go stale). */
  buffer(bytes: number): ArrayBuffer {
    const need = bytes - this.memory.buffer.byteLength;
    if (need > 0) this.memory.grow(Math.ceil(need / PAGE_BYTES));
    return this.memory.buffer;
  }
}

const isShared = (memory: WasmMemory): boolean =>
  Object.prototype.toString.call(memory.buffer) === '[object SharedArrayBuffer]';

/**
 * An assembled function that runs on a memory given later (such as the tfjs wasm backend's, shared when
 * it is threaded): assembled for an unshared and a shared memory, instantiated once per memory.
 */
export class KernelOnMemory<Run extends (...args: number[]) => void> {
  private readonly modules: Uint8Array[];
  private readonly instances = new WeakMap<WasmMemory, Run>();

  constructor(params: number, locals: [number, number][], body: number[]) {
    this.modules = [false, true].map((shared) => assemble(params, locals, body, shared));
  }

  on(memory: WasmMemory): Run {
    let run = this.instances.get(memory);
    if (!run) {
      run = new WasmKernel<Run>(this.modules[isShared(memory) ? 1 : 0], memory).run;
      this.instances.set(memory, run);
    }
    return run;
  }
}
