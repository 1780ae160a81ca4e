/**
 * The middle-axes sum of ./sum as a WebAssembly SIMD loop on the wasm backend's memory, for an inner
 * size that is a multiple of four:
 *
 *   run(x, out, outer, reduce, inner): out[o, i] = Σ_r x[o, r, i]
 *
 * For each o the output row is zeroed, then every input row x[o, r, ·] is added into it four lanes at
 * a time, so x streams through once while the output row stays in cache. Sums are float32, in order of r.
 */
import {
  addTo,
  countUp,
  I32,
  KernelOnMemory,
  namedLocals,
  op,
  stepThrough,
  type WasmMemory,
} from '../wasm/assembler';

const NAMES = namedLocals(
  ['X', 'OUT', 'OUTER', 'REDUCE', 'INNER'],
  [[I32, ['O', 'R', 'I', 'INNER_BYTES', 'OUT_ROW', 'X_ROW']]],
);
const { X, OUT, OUTER, REDUCE, INNER, O, R, I, INNER_BYTES, OUT_ROW, X_ROW } = NAMES.index;
const { get, set, i32 } = op;

// prettier-ignore
const body: number[] = [
  ...get(INNER), ...i32(2), ...op.i32Shl, ...set(INNER_BYTES),
  ...get(OUT), ...set(OUT_ROW),
  ...get(X), ...set(X_ROW),
  ...countUp(O, OUTER, [
    ...stepThrough(I, INNER_BYTES, 16,
      [...get(OUT_ROW), ...get(I), ...op.i32Add, ...op.v128Const(new Uint8Array(16)), ...op.v128Store]),
    ...countUp(R, REDUCE, [
      ...stepThrough(I, INNER_BYTES, 16, [
        ...get(OUT_ROW), ...get(I), ...op.i32Add,
        ...get(OUT_ROW), ...get(I), ...op.i32Add, ...op.v128Load,
        ...get(X_ROW), ...get(I), ...op.i32Add, ...op.v128Load,
        ...op.f32x4Add, ...op.v128Store,
      ]),
      ...addTo(X_ROW, get(INNER_BYTES)),
    ]),
    ...addTo(OUT_ROW, get(INNER_BYTES)),
  ]),
];

const SUM = new KernelOnMemory<(...args: number[]) => void>(NAMES.params, NAMES.locals, body);

/** The middle-axes sum on `memory` (pointers are byte addresses; inner a positive multiple of 4). */
export const sumMiddleSimdOn = (memory: WasmMemory): ((...args: number[]) => void) => SUM.on(memory);
