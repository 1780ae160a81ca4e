/**
 * The inner loop of the polyphase resampler as a small WebAssembly SIMD function, assembled here from its
 * opcodes (no toolchain, no binary file): for each output, the dot product of one precomputed row of taps with
 * the input window under it, four float32 lanes at a time.
 *
 *   run(x, taps, out, count, base, phase, stepBase, stepPhase, phases, rowBytes)
 *   for i in 0 … count − 1:
 *     out[i] = Σ_j x[base + j] · taps[phase·rowBytes/4 + j]   (j over one row, a multiple of 4 taps)
 *     base += stepBase; phase += stepPhase; if phase ≥ phases: phase −= phases, base += 1
 *
 * Pointers are byte addresses in the module's memory; x, taps and out are float32.
 */

const I32 = 0x7f;
const V128 = 0x7b;
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

const str = (s: string): number[] => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];

// Parameters, then locals, by index.
const [X, TAPS, OUT, COUNT, BASE, PHASE, STEP_BASE, STEP_PHASE, PHASES, ROW_BYTES] = [
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
];
const [XP, TP, END, ACC] = [10, 11, 12, 13];

const get = (i: number): number[] => [0x20, i];
const set = (i: number): number[] => [0x21, i];
const i32Const = (n: number): number[] => [0x41, n]; // only small non-negative n < 64 are used
// prettier-ignore
const [I32_ADD, I32_SUB, I32_MUL, I32_SHL, I32_EQZ, I32_LT_U, I32_GE_U] = [0x6a, 0x6b, 0x6c, 0x74, 0x45, 0x49, 0x4f];
const [BLOCK, LOOP, IF, END_OP, BR, BR_IF, VOID] = [0x02, 0x03, 0x04, 0x0b, 0x0c, 0x0d, 0x40];
const F32_ADD = 0x92;
const f32Store = [0x38, 2, 0];
const v128Load = [SIMD, ...uleb(0x00), 0, 0];
const v128Zero = [SIMD, ...uleb(0x0c), ...new Array<number>(16).fill(0)];
const f32x4Add = [SIMD, ...uleb(0xe4)];
const f32x4Mul = [SIMD, ...uleb(0xe6)];
const lane = (i: number): number[] => [SIMD, ...uleb(0x1f), i];

// prettier-ignore
const body: number[] = [
  ...vec([
    [3, I32],
    [1, V128],
  ]),
  BLOCK, VOID,
  LOOP, VOID,
  ...get(COUNT), I32_EQZ, BR_IF, 1,
  // xp = x + 4·base; tp = taps + phase·rowBytes; end = tp + rowBytes
  ...get(X), ...get(BASE), ...i32Const(2), I32_SHL, I32_ADD, ...set(XP),
  ...get(TAPS), ...get(PHASE), ...get(ROW_BYTES), I32_MUL, I32_ADD, ...set(TP),
  ...get(TP), ...get(ROW_BYTES), I32_ADD, ...set(END),
  ...v128Zero, ...set(ACC),
  LOOP, VOID,
  ...get(ACC), ...get(XP), ...v128Load, ...get(TP), ...v128Load, ...f32x4Mul, ...f32x4Add, ...set(ACC),
  ...get(XP), ...i32Const(16), I32_ADD, ...set(XP),
  ...get(TP), ...i32Const(16), I32_ADD, ...set(TP),
  ...get(TP), ...get(END), I32_LT_U, BR_IF, 0,
  END_OP,
  // out[i] = (acc0 + acc1) + (acc2 + acc3)
  ...get(OUT),
  ...get(ACC), ...lane(0), ...get(ACC), ...lane(1), F32_ADD,
  ...get(ACC), ...lane(2), ...get(ACC), ...lane(3), F32_ADD, F32_ADD,
  ...f32Store,
  ...get(OUT), ...i32Const(4), I32_ADD, ...set(OUT),
  ...get(BASE), ...get(STEP_BASE), I32_ADD, ...set(BASE),
  ...get(PHASE), ...get(STEP_PHASE), I32_ADD, ...set(PHASE),
  ...get(PHASE), ...get(PHASES), I32_GE_U,
  IF, VOID,
  ...get(PHASE), ...get(PHASES), I32_SUB, ...set(PHASE),
  ...get(BASE), ...i32Const(1), I32_ADD, ...set(BASE),
  END_OP,
  ...get(COUNT), ...i32Const(1), I32_SUB, ...set(COUNT),
  BR, 0,
  END_OP,
  END_OP,
  END_OP,
];

const moduleBytes = new Uint8Array([
  ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
  ...section(1, vec([[0x60, ...vec(new Array<number[]>(10).fill([I32])), 0]])),
  ...section(2, vec([[...str('e'), ...str('m'), 0x02, 0x00, 1]])),
  ...section(3, vec([[0]])),
  ...section(7, vec([[...str('run'), 0x00, 0]])),
  ...section(10, vec([[...uleb(body.length), ...body]])),
]);

type RunFn = (
  x: number,
  taps: number,
  out: number,
  count: number,
  base: number,
  phase: number,
  stepBase: number,
  stepPhase: number,
  phases: number,
  rowBytes: number,
) => void;

const PAGE_BYTES = 65536;

/** The few members of the WebAssembly JS API used here (the engine's lib settings carry no WebAssembly typings). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Memory: new (descriptor: { initial: number }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** One instance of the kernel with its own memory, grown on demand (never shrunk). */
export class PolyphaseKernel {
  private readonly memory = new wasm.Memory({ initial: 1 });
  private readonly runFn: RunFn;

  constructor() {
    const instance = new wasm.Instance(new wasm.Module(moduleBytes), { e: { m: this.memory } });
    this.runFn = instance.exports.run as RunFn;
  }

  /** A float32 view of the whole memory, at least `floats` long (views from earlier calls go stale). */
  heap(floats: number): Float32Array {
    const need = floats * 4 - this.memory.buffer.byteLength;
    if (need > 0) this.memory.grow(Math.ceil(need / PAGE_BYTES));
    return new Float32Array(this.memory.buffer);
  }

  /** Runs the loop above; x, taps and out are float offsets into `heap`, rowFloats a multiple of 4. */
  run(
    x: number,
    taps: number,
    out: number,
    count: number,
    base: number,
    phase: number,
    stepBase: number,
    stepPhase: number,
    phases: number,
    rowFloats: number,
  ): void {
    this.runFn(4 * x, 4 * taps, 4 * out, count, base, phase, stepBase, stepPhase, phases, 4 * rowFloats);
  }
}
