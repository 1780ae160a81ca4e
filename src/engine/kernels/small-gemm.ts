/**
 * Batched products of small row-major matrices as one WebAssembly SIMD function working on the wasm
 * backend's memory, for attention's per-head products ([B·H, T, T]·[B·H, T, d] and the like). XNNPACK
 * is fast on one large product, but every batch item costs it an operator creation and a packing of
 * the right matrix; on 100×100·100×36 items that overhead is about half the time.
 *
 *   run(a, b, c, batch, m, k, n): for each item, c[m×n] = a[m×k] · b[k×n]
 *
 * Items are contiguous (a at a + item·m·k floats, and so on); pointers are byte addresses. Tiles of two
 * rows × eight columns (four accumulators of four lanes), then a four-column tile, then single columns;
 * an odd last row gets one-row tiles. Each element is a sum over k in order, in float32.
 */
import {
  addTo,
  F32,
  I32,
  KernelOnMemory,
  namedLocals,
  op,
  V128,
  whileNot,
  type WasmMemory,
} from '../wasm/assembler';

const NAMES = namedLocals(
  ['A', 'B', 'C', 'BATCH', 'M', 'K', 'N'],
  [
    [
      I32,
      [
        'ITEM',
        'ROW',
        'COL',
        'PA0',
        'PA1',
        'PB',
        'END',
        'A_ROW',
        'C_ROW',
        'K_BYTES',
        'N_BYTES',
        'A_BASE',
        'B_BASE',
        'C_BASE',
      ],
    ],
    // accumulators acc[row][vector] at ACC + 2·row + vector, then the row broadcasts and B vectors
    [V128, ['ACC', 'ACC_01', 'ACC_10', 'ACC_11', 'SPLAT0', 'SPLAT1', 'VEC0', 'VEC1']],
    // f32 accumulators of the single-column tiles, one per row, at SCALAR + row
    [F32, ['SCALAR', 'SCALAR_1']],
  ],
);
const { A, B, C, BATCH, M, K, N, ITEM, ROW, COL, PA0, PA1, PB, END } = NAMES.index;
const { A_ROW, C_ROW, K_BYTES, N_BYTES, A_BASE, B_BASE, C_BASE } = NAMES.index;
const { ACC, SPLAT0, SPLAT1, VEC0, VEC1, SCALAR } = NAMES.index;
const { get, set, i32 } = op;

/** One tile: `rows` (1–2) rows from ROW, `width` (8, 4 or 1) columns from COL, summed over k. */
function tile(rows: number, width: number): number[] {
  const vectors = width / 4;
  const out: number[] = [];
  for (let r = 0; r < rows; r++) {
    if (width === 1) out.push(...op.f32Const(0), ...set(SCALAR + r));
    else
      for (let v = 0; v < vectors; v++)
        out.push(...op.v128Const(new Uint8Array(16)), ...set(ACC + 2 * r + v));
  }
  out.push(...get(A_ROW), ...set(PA0), ...get(A_ROW), ...get(K_BYTES), ...op.i32Add, ...set(PA1));
  out.push(...get(A_ROW), ...get(K_BYTES), ...op.i32Add, ...set(END));
  out.push(...get(B_BASE), ...get(COL), ...i32(2), ...op.i32Shl, ...op.i32Add, ...set(PB));
  const pointers = [PA0, PA1];
  const inner: number[] = [];
  if (width === 1) {
    for (let r = 0; r < rows; r++) {
      inner.push(...get(SCALAR + r), ...get(pointers[r]), ...op.f32Load, ...get(PB), ...op.f32Load);
      inner.push(...op.f32Mul, ...op.f32Add, ...set(SCALAR + r));
    }
  } else {
    const splats = [SPLAT0, SPLAT1];
    const vecs = [VEC0, VEC1];
    for (let r = 0; r < rows; r++)
      inner.push(...get(pointers[r]), ...op.f32Load, ...op.f32x4Splat, ...set(splats[r]));
    for (let v = 0; v < vectors; v++) inner.push(...get(PB), ...op.v128LoadAt(16 * v), ...set(vecs[v]));
    for (let r = 0; r < rows; r++) {
      for (let v = 0; v < vectors; v++) {
        const acc = ACC + 2 * r + v;
        inner.push(
          ...get(acc),
          ...get(splats[r]),
          ...get(vecs[v]),
          ...op.f32x4Mul,
          ...op.f32x4Add,
          ...set(acc),
        );
      }
    }
  }
  for (let r = 0; r < rows; r++) inner.push(...addTo(pointers[r], i32(4)));
  inner.push(...addTo(PB, get(N_BYTES)));
  out.push(...op.loop, ...inner, ...get(PA0), ...get(END), ...op.i32LtU, ...op.brIf(0), ...op.end);
  for (let r = 0; r < rows; r++) {
    const address = [...get(C_ROW), ...(r === 1 ? [...get(N_BYTES), ...op.i32Add] : [])];
    const column = [...get(COL), ...i32(2), ...op.i32Shl, ...op.i32Add];
    if (width === 1) out.push(...address, ...column, ...get(SCALAR + r), ...op.f32Store);
    else {
      for (let v = 0; v < vectors; v++)
        out.push(...address, ...column, ...get(ACC + 2 * r + v), ...op.v128StoreAt(16 * v));
    }
  }
  return out;
}

/** All columns of `rows` rows starting at ROW. */
function rowBlock(rows: number): number[] {
  // prettier-ignore
  return [
    ...get(A_BASE), ...get(ROW), ...get(K_BYTES), ...op.i32Mul, ...op.i32Add, ...set(A_ROW),
    ...get(C_BASE), ...get(ROW), ...get(N_BYTES), ...op.i32Mul, ...op.i32Add, ...set(C_ROW),
    ...i32(0), ...set(COL),
    // while col + 8 ≤ n: 8-column tiles
    ...whileNot([...get(COL), ...i32(8), ...op.i32Add, ...get(N), ...op.i32GtU],
      [...tile(rows, 8), ...addTo(COL, i32(8))]),
    // if col + 4 ≤ n: one 4-column tile
    ...get(COL), ...i32(4), ...op.i32Add, ...get(N), ...op.i32GtU, ...op.i32Eqz,
    ...op.if, ...tile(rows, 4), ...addTo(COL, i32(4)), ...op.end,
    // the last columns one by one
    ...whileNot([...get(COL), ...get(N), ...op.i32GeU], [...tile(rows, 1), ...addTo(COL, i32(1))]),
  ];
}

// prettier-ignore
const itemBody: number[] = [
  ...get(A), ...get(ITEM), ...get(M), ...op.i32Mul, ...get(K_BYTES), ...op.i32Mul, ...op.i32Add, ...set(A_BASE),
  ...get(B), ...get(ITEM), ...get(K), ...op.i32Mul, ...get(N_BYTES), ...op.i32Mul, ...op.i32Add, ...set(B_BASE),
  ...get(C), ...get(ITEM), ...get(M), ...op.i32Mul, ...get(N_BYTES), ...op.i32Mul, ...op.i32Add, ...set(C_BASE),
  ...i32(0), ...set(ROW),
  // while row + 2 ≤ m: two-row blocks; then an odd last row alone
  ...whileNot([...get(ROW), ...i32(2), ...op.i32Add, ...get(M), ...op.i32GtU],
    [...rowBlock(2), ...addTo(ROW, i32(2))]),
  ...get(ROW), ...get(M), ...op.i32LtU,
  ...op.if, ...rowBlock(1), ...op.end,
  ...addTo(ITEM, i32(1)),
];

// prettier-ignore
const body: number[] = [
  ...get(K), ...i32(2), ...op.i32Shl, ...set(K_BYTES),
  ...get(N), ...i32(2), ...op.i32Shl, ...set(N_BYTES),
  ...i32(0), ...set(ITEM),
  ...whileNot([...get(ITEM), ...get(BATCH), ...op.i32GeU], itemBody),
];

export type SmallGemmRun = (
  a: number,
  b: number,
  c: number,
  batch: number,
  m: number,
  k: number,
  n: number,
) => void;

const GEMM = new KernelOnMemory<SmallGemmRun>(NAMES.params, NAMES.locals, body);

/** The batched product on `memory`. */
export const smallGemmOn = (memory: WasmMemory): SmallGemmRun => GEMM.on(memory);
