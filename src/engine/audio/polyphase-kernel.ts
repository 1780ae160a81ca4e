/**
 * The inner loop of the polyphase resampler as a small WebAssembly SIMD function (../wasm/assembler): for each
 * output, the dot product of one precomputed row of taps with the input window under it, eight float32 products
 * at a time into two four-lane accumulators.
 *
 *   run(x, taps, out, count, base, phase, stepBase, stepPhase, phases, rowBytes)
 *   for i in 0 … count − 1:
 *     out[i] = Σ_j x[base + j] · taps[phase·rowBytes/4 + j]   (j over one row, a multiple of 8 taps)
 *     base += stepBase; phase += stepPhase; if phase ≥ phases: phase −= phases, base += 1
 *
 * Pointers are byte addresses in the module's memory; x, taps and out are float32.
 */
import { assemble, I32, namedLocals, op, V128, WasmKernel } from '../wasm/assembler';

const NAMES = namedLocals(
  ['X', 'TAPS', 'OUT', 'COUNT', 'BASE', 'PHASE', 'STEP_BASE', 'STEP_PHASE', 'PHASES', 'ROW_BYTES'],
  [
    [I32, ['XP', 'TP', 'END']],
    [V128, ['ACC', 'ACC2']],
  ],
);
const { X, TAPS, OUT, COUNT, BASE, PHASE, STEP_BASE, STEP_PHASE, PHASES, ROW_BYTES, XP, TP, END, ACC, ACC2 } =
  NAMES.index;
const { get, set, i32 } = op;

// prettier-ignore
const body: number[] = [
  ...op.block,
  ...op.loop,
  ...get(COUNT), ...op.i32Eqz, ...op.brIf(1),
  // xp = x + 4·base; tp = taps + phase·rowBytes; end = tp + rowBytes
  ...get(X), ...get(BASE), ...i32(2), ...op.i32Shl, ...op.i32Add, ...set(XP),
  ...get(TAPS), ...get(PHASE), ...get(ROW_BYTES), ...op.i32Mul, ...op.i32Add, ...set(TP),
  ...get(TP), ...get(ROW_BYTES), ...op.i32Add, ...set(END),
  ...op.v128Const(new Uint8Array(16)), ...set(ACC),
  ...op.v128Const(new Uint8Array(16)), ...set(ACC2),
  ...op.loop,
  ...get(ACC), ...get(XP), ...op.v128Load, ...get(TP), ...op.v128Load, ...op.f32x4Mul, ...op.f32x4Add, ...set(ACC),
  ...get(ACC2), ...get(XP), ...op.v128LoadAt(16), ...get(TP), ...op.v128LoadAt(16), ...op.f32x4Mul, ...op.f32x4Add,
  ...set(ACC2),
  ...get(XP), ...i32(32), ...op.i32Add, ...set(XP),
  ...get(TP), ...i32(32), ...op.i32Add, ...set(TP),
  ...get(TP), ...get(END), ...op.i32LtU, ...op.brIf(0),
  ...op.end,
  ...get(ACC), ...get(ACC2), ...op.f32x4Add, ...set(ACC),
  // out[i] = (acc0 + acc1) + (acc2 + acc3)
  ...get(OUT),
  ...get(ACC), ...op.f32x4ExtractLane(0), ...get(ACC), ...op.f32x4ExtractLane(1), ...op.f32Add,
  ...get(ACC), ...op.f32x4ExtractLane(2), ...get(ACC), ...op.f32x4ExtractLane(3), ...op.f32Add, ...op.f32Add,
  ...op.f32Store,
  ...get(OUT), ...i32(4), ...op.i32Add, ...set(OUT),
  ...get(BASE), ...get(STEP_BASE), ...op.i32Add, ...set(BASE),
  ...get(PHASE), ...get(STEP_PHASE), ...op.i32Add, ...set(PHASE),
  ...get(PHASE), ...get(PHASES), ...op.i32GeU,
  ...op.if,
  ...get(PHASE), ...get(PHASES), ...op.i32Sub, ...set(PHASE),
  ...get(BASE), ...i32(1), ...op.i32Add, ...set(BASE),
  ...op.end,
  ...get(COUNT), ...i32(1), ...op.i32Sub, ...set(COUNT),
  ...op.br(0),
  ...op.end,
  ...op.end,
];

const moduleBytes = assemble(NAMES.params, NAMES.locals, body);

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

/** One instance of the kernel with its own memory. */
export class PolyphaseKernel {
  private readonly kernel = new WasmKernel<RunFn>(moduleBytes);

  /** A float32 view of the whole memory, at least `floats` long (views from earlier calls go stale). */
  heap(floats: number): Float32Array {
    return new Float32Array(this.kernel.buffer(floats * 4));
  }

  /** Runs the loop above; x, taps and out are float offsets into `heap`, rowFloats a multiple of 8. */
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
    this.kernel.run(4 * x, 4 * taps, 4 * out, count, base, phase, stepBase, stepPhase, phases, 4 * rowFloats);
  }
}
