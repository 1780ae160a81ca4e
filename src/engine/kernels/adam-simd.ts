/**
 * The fused Adam update (./adam-update) as a WebAssembly SIMD loop that runs on the wasm backend's own
 * memory, four float32 lanes at a time, so the tensors are read and written in place:
 *
 *   run(param, grad, m, v, mask, outParam, outM, outV, blocks, constants)
 *   for each block of four elements:
 *     m' = β₁·m + (1 − β₁)·g;  v' = β₂·v + (1 − β₂)·g²
 *     p' = shrink·p − scale·m' / (√v' + ε̂)
 *     with a mask (float32): where mask ≤ 0, p', m', v' are p, m, v bit for bit
 *
 * `constants` points at seven float32s: β₁, 1 − β₁, β₂, 1 − β₂, shrink, scale, ε̂. Pointers are byte
 * addresses; `mask` is ignored by the unmasked variant. Arithmetic is float32 throughout.
 */
import { I32, KernelOnMemory, namedLocals, op, V128, type WasmMemory } from '../wasm/assembler';

const NAMES = namedLocals(
  ['PARAM', 'GRAD', 'M', 'V', 'MASK', 'OUT_PARAM', 'OUT_M', 'OUT_V', 'BLOCKS', 'CONSTANTS'],
  [
    [I32, ['AT', 'END']],
    [V128, ['B1', 'T1', 'B2', 'T2', 'SHRINK', 'SCALE', 'EPS', 'G', 'M_NEW', 'V_NEW', 'P_NEW', 'KEEP']],
  ],
);
const { PARAM, GRAD, M, V, MASK, OUT_PARAM, OUT_M, OUT_V, BLOCKS, CONSTANTS, AT, END } = NAMES.index;
const { B1, T1, B2, T2, SHRINK, SCALE, EPS, G, M_NEW, V_NEW, P_NEW, KEEP } = NAMES.index;
const { get, set, i32 } = op;

/** v128.load of array `base` at the current byte offset. */
const load = (base: number): number[] => [...get(base), ...get(AT), ...op.i32Add, ...op.v128Load];
/** v128.store of the vector in local `value` to array `base` at the current byte offset. */
const store = (base: number, value: number): number[] => [
  ...get(base),
  ...get(AT),
  ...op.i32Add,
  ...get(value),
  ...op.v128Store,
];
/** Keep the new value where the mask is positive, else the stored one: bitselect(new, old, keep). */
const select = (value: number, old: number): number[] => [
  ...get(value),
  ...load(old),
  ...get(KEEP),
  ...op.v128Bitselect,
  ...set(value),
];

function body(masked: boolean): number[] {
  const splat = (local: number, index: number): number[] => [
    ...get(CONSTANTS),
    ...op.f32LoadAt(4 * index),
    ...op.f32x4Splat,
    ...set(local),
  ];
  // prettier-ignore
  return [
    ...splat(B1, 0), ...splat(T1, 1), ...splat(B2, 2), ...splat(T2, 3),
    ...splat(SHRINK, 4), ...splat(SCALE, 5), ...splat(EPS, 6),
    ...get(BLOCKS), ...i32(4), ...op.i32Shl, ...set(END),
    ...op.block,
    ...op.loop,
    ...get(AT), ...get(END), ...op.i32GeU, ...op.brIf(1),
    ...load(GRAD), ...set(G),
    ...get(B1), ...load(M), ...op.f32x4Mul, ...get(T1), ...get(G), ...op.f32x4Mul, ...op.f32x4Add, ...set(M_NEW),
    ...get(B2), ...load(V), ...op.f32x4Mul,
    ...get(T2), ...get(G), ...op.f32x4Mul, ...get(G), ...op.f32x4Mul, ...op.f32x4Add, ...set(V_NEW),
    ...get(SHRINK), ...load(PARAM), ...op.f32x4Mul,
    ...get(SCALE), ...get(M_NEW), ...op.f32x4Mul,
    ...get(V_NEW), ...op.f32x4Sqrt, ...get(EPS), ...op.f32x4Add, ...op.f32x4Div,
    ...op.f32x4Sub, ...set(P_NEW),
    ...(masked
      ? [
          ...load(MASK), ...op.v128Const(new Uint8Array(16)), ...op.f32x4Gt, ...set(KEEP),
          ...select(P_NEW, PARAM), ...select(M_NEW, M), ...select(V_NEW, V),
        ]
      : []),
    ...store(OUT_PARAM, P_NEW), ...store(OUT_M, M_NEW), ...store(OUT_V, V_NEW),
    ...get(AT), ...i32(16), ...op.i32Add, ...set(AT),
    ...op.br(0),
    ...op.end,
    ...op.end,
  ];
}

type Run = (...pointers: number[]) => void;

const PLAIN = new KernelOnMemory<Run>(NAMES.params, NAMES.locals, body(false));
const MASKED = new KernelOnMemory<Run>(NAMES.params, NAMES.locals, body(true));

/** The unmasked and the masked loop on `memory`. */
export const adamSimdOn = (memory: WasmMemory): { plain: Run; masked: Run } => ({
  plain: PLAIN.on(memory),
  masked: MASKED.on(memory),
});
