/**
 * The layer-norm kernels (./layer-norm) as WebAssembly SIMD loops on the wasm backend's memory, four
 * float32 lanes at a time, for rows whose length d is a multiple of four. Same formulas as the plain
 * loops, accumulated in float32.
 *
 *   forward(x, gain, bias, y, mean, rstd, rows, d, constants)          constants: eps, 1/d
 *   backward(dy, x, gain, mean, rstd, dx, dgain, dbias, rows, d, constants)   constants: 1/d
 *
 * Pointers are byte addresses; backward overwrites dgain and dbias with sums over the rows.
 */
import {
  addTo,
  countUp,
  F32,
  I32,
  KernelOnMemory,
  namedLocals,
  op,
  stepThrough,
  V128,
  type WasmMemory,
} from '../wasm/assembler';

const { get, set, i32 } = op;

/** v128.load of `base` + byte offset local `at` (+ `j` when given). */
function load(base: number, at: number | null, j: number): number[] {
  const offset = at === null ? [] : [...get(at), ...op.i32Add];
  return [...get(base), ...offset, ...get(j), ...op.i32Add, ...op.v128Load];
}

/** The address `base` + `at` + `j` (for a store, before its value). */
function address(base: number, at: number | null, j: number): number[] {
  const offset = at === null ? [] : [...get(at), ...op.i32Add];
  return [...get(base), ...offset, ...get(j), ...op.i32Add];
}

/** Sum of the four lanes of v128 local `v`, as an f32 on the stack. */
const laneSum = (v: number): number[] => [
  ...get(v),
  ...op.f32x4ExtractLane(0),
  ...get(v),
  ...op.f32x4ExtractLane(1),
  ...op.f32Add,
  ...get(v),
  ...op.f32x4ExtractLane(2),
  ...get(v),
  ...op.f32x4ExtractLane(3),
  ...op.f32Add,
  ...op.f32Add,
];

/** A loop over the row's vectors: j = 0, 16, … < dBytes. */
const overRow = (j: number, dBytes: number, body: number[]): number[] => stepThrough(j, dBytes, 16, body);

/** A loop over rows: row = 0 … rows − 1, with `at` the row's byte offset. */
const overRows = (row: number, rows: number, at: number, dBytes: number, body: number[]): number[] => [
  ...i32(0),
  ...set(at),
  ...countUp(row, rows, [...body, ...addTo(at, get(dBytes))]),
];

const zero = (): number[] => op.v128Const(new Uint8Array(16));

const FORWARD = (() => {
  const NAMES = namedLocals(
    ['X', 'GAIN', 'BIAS', 'Y', 'MEAN', 'RSTD', 'ROWS', 'D', 'CONSTANTS'],
    [
      [I32, ['ROW', 'AT', 'J', 'D_BYTES']],
      [V128, ['ACC', 'CENTRED', 'MEAN_V', 'RSTD_V']],
      [F32, ['MEAN_S', 'RSTD_S', 'EPS', 'INV_D']],
    ],
  );
  const { X, GAIN, BIAS, Y, MEAN, RSTD, ROWS, D, CONSTANTS, ROW, AT, J, D_BYTES } = NAMES.index;
  const { ACC, CENTRED, MEAN_V, RSTD_V, MEAN_S, RSTD_S, EPS, INV_D } = NAMES.index;
  // prettier-ignore
  const body = [
    ...get(D), ...i32(2), ...op.i32Shl, ...set(D_BYTES),
    ...get(CONSTANTS), ...op.f32Load, ...set(EPS),
    ...get(CONSTANTS), ...op.f32LoadAt(4), ...set(INV_D),
    ...overRows(ROW, ROWS, AT, D_BYTES, [
      ...zero(), ...set(ACC),
      ...overRow(J, D_BYTES, [...get(ACC), ...load(X, AT, J), ...op.f32x4Add, ...set(ACC)]),
      ...laneSum(ACC), ...get(INV_D), ...op.f32Mul, ...set(MEAN_S),
      ...get(MEAN_S), ...op.f32x4Splat, ...set(MEAN_V),
      ...zero(), ...set(ACC),
      ...overRow(J, D_BYTES, [
        ...load(X, AT, J), ...get(MEAN_V), ...op.f32x4Sub, ...set(CENTRED),
        ...get(ACC), ...get(CENTRED), ...get(CENTRED), ...op.f32x4Mul, ...op.f32x4Add, ...set(ACC),
      ]),
      // rstd = 1 / sqrt(Σ(x − mean)² / d + eps)
      ...op.f32Const(1), ...laneSum(ACC), ...get(INV_D), ...op.f32Mul, ...get(EPS), ...op.f32Add, ...op.f32Sqrt,
      ...op.f32Div, ...set(RSTD_S),
      ...get(RSTD_S), ...op.f32x4Splat, ...set(RSTD_V),
      ...overRow(J, D_BYTES, [
        ...address(Y, AT, J),
        ...load(X, AT, J), ...get(MEAN_V), ...op.f32x4Sub, ...get(RSTD_V), ...op.f32x4Mul,
        ...load(GAIN, null, J), ...op.f32x4Mul, ...load(BIAS, null, J), ...op.f32x4Add,
        ...op.v128Store,
      ]),
      ...get(MEAN), ...get(ROW), ...i32(2), ...op.i32Shl, ...op.i32Add, ...get(MEAN_S), ...op.f32Store,
      ...get(RSTD), ...get(ROW), ...i32(2), ...op.i32Shl, ...op.i32Add, ...get(RSTD_S), ...op.f32Store,
    ]),
  ];
  return new KernelOnMemory<(...args: number[]) => void>(NAMES.params, NAMES.locals, body);
})();

const BACKWARD = (() => {
  const NAMES = namedLocals(
    ['DY', 'X', 'GAIN', 'MEAN', 'RSTD', 'DX', 'DGAIN', 'DBIAS', 'ROWS', 'D', 'CONSTANTS'],
    [
      [I32, ['ROW', 'AT', 'J', 'D_BYTES']],
      [V128, ['SUM_G', 'SUM_GX', 'MEAN_V', 'RSTD_V', 'XHAT', 'G', 'DYV', 'MEAN_G', 'MEAN_GX']],
      [F32, ['INV_D']],
    ],
  );
  const { DY, X, GAIN, MEAN, RSTD, DX, DGAIN, DBIAS, ROWS, D, CONSTANTS, ROW, AT, J, D_BYTES } = NAMES.index;
  const { SUM_G, SUM_GX, MEAN_V, RSTD_V, XHAT, G, DYV, MEAN_G, MEAN_GX, INV_D } = NAMES.index;
  const row = (base: number): number[] => [...get(base), ...get(ROW), ...i32(2), ...op.i32Shl, ...op.i32Add];
  const xhat = [
    ...load(X, AT, J),
    ...get(MEAN_V),
    ...op.f32x4Sub,
    ...get(RSTD_V),
    ...op.f32x4Mul,
    ...set(XHAT),
  ];
  // prettier-ignore
  const body = [
    ...get(D), ...i32(2), ...op.i32Shl, ...set(D_BYTES),
    ...get(CONSTANTS), ...op.f32Load, ...set(INV_D),
    ...overRow(J, D_BYTES, [
      ...address(DGAIN, null, J), ...zero(), ...op.v128Store,
      ...address(DBIAS, null, J), ...zero(), ...op.v128Store,
    ]),
    ...overRows(ROW, ROWS, AT, D_BYTES, [
      ...row(MEAN), ...op.f32Load, ...op.f32x4Splat, ...set(MEAN_V),
      ...row(RSTD), ...op.f32Load, ...op.f32x4Splat, ...set(RSTD_V),
      ...zero(), ...set(SUM_G), ...zero(), ...set(SUM_GX),
      ...overRow(J, D_BYTES, [
        ...load(DY, AT, J), ...set(DYV),
        ...xhat,
        ...get(DYV), ...load(GAIN, null, J), ...op.f32x4Mul, ...set(G),
        ...get(SUM_G), ...get(G), ...op.f32x4Add, ...set(SUM_G),
        ...get(SUM_GX), ...get(G), ...get(XHAT), ...op.f32x4Mul, ...op.f32x4Add, ...set(SUM_GX),
        ...address(DGAIN, null, J), ...load(DGAIN, null, J), ...get(DYV), ...get(XHAT), ...op.f32x4Mul,
        ...op.f32x4Add, ...op.v128Store,
        ...address(DBIAS, null, J), ...load(DBIAS, null, J), ...get(DYV), ...op.f32x4Add, ...op.v128Store,
      ]),
      ...laneSum(SUM_G), ...get(INV_D), ...op.f32Mul, ...op.f32x4Splat, ...set(MEAN_G),
      ...laneSum(SUM_GX), ...get(INV_D), ...op.f32Mul, ...op.f32x4Splat, ...set(MEAN_GX),
      // dx = rstd · (dy·gain − mean(ĝ) − x̂·mean(ĝ·x̂))
      ...overRow(J, D_BYTES, [
        ...xhat,
        ...address(DX, AT, J),
        ...get(RSTD_V),
        ...load(DY, AT, J), ...load(GAIN, null, J), ...op.f32x4Mul, ...get(MEAN_G), ...op.f32x4Sub,
        ...get(XHAT), ...get(MEAN_GX), ...op.f32x4Mul, ...op.f32x4Sub,
        ...op.f32x4Mul,
        ...op.v128Store,
      ]),
    ]),
  ];
  return new KernelOnMemory<(...args: number[]) => void>(NAMES.params, NAMES.locals, body);
})();

/** The forward and backward loops on `memory`. */
export const layerNormSimdOn = (
  memory: WasmMemory,
): { forward: (...args: number[]) => void; backward: (...args: number[]) => void } => ({
  forward: FORWARD.on(memory),
  backward: BACKWARD.on(memory),
});
