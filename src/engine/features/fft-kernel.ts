/**
 * The butterfly stages of the complex FFT as a WebAssembly SIMD function (../wasm/assembler), one complex
 * double per 128-bit lane pair, (re, im) interleaved, over input already in bit-reversed order:
 *
 *   run(z, tw, end, odd)   z … end: the n complex values (16 bytes each); tw: the twiddle table below
 *   if odd (log2 n odd): one radix-2 stage, X[2j] = x[2j] + x[2j+1], X[2j+1] = x[2j] − x[2j+1]
 *   then radix-4 stages for q = (odd ? 2 : 1), ×4 while 4q ≤ n: blocks A0…A3 of q values each become one
 *   transform of 4q; with W = e^(−2πi/4q), t1 = W^2k·A1[k], t2 = W^k·A2[k], t3 = W^3k·A3[k],
 *     X[k] = A0[k] + t1 + (t2 + t3),      X[k+2q] = A0[k] + t1 − (t2 + t3),
 *     X[k+q] = A0[k] − t1 − i(t2 − t3),   X[k+3q] = A0[k] − t1 + i(t2 − t3).
 *
 * The twiddle table holds, stage after stage and k after k, six f64 pairs: (w1r, w1r), (−w1i, w1i), (w2r, w2r),
 * (−w2i, w2i), (w3r, w3r), (−w3i, w3i) for w_j = W^jk, so that a product x·w is x·(wr, wr) + swap(x)·(−wi, wi).
 */
import { assemble, I32, namedLocals, op, V128 } from '../wasm/assembler';

const FFT = namedLocals(
  ['Z', 'TW', 'END', 'ODD'],
  [
    [I32, ['QB', 'STRIDE', 'KB', 'A0', 'A1', 'A2', 'A3', 'TOTAL']],
    [V128, ['W1R', 'W1I', 'W2R', 'W2I', 'W3R', 'W3I', 'X', 'T1', 'T2', 'T3', 'S', 'D', 'P', 'M', 'U']],
  ],
);
const { Z, TW, END, ODD, QB, STRIDE, KB, A0, A1, A2, A3, TOTAL } = FFT.index;
const { W1R, W1I, W2R, W2I, W3R, W3I, X, T1, T2, T3, S, D, P, M, U } = FFT.index;
const { get, set, i32 } = op;

const swapHalves = op.shuffle([8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7]);
const plusMinus = op.v128Const(new Uint8Array(new Float64Array([1, -1]).buffer));
const load = (address: number[]): number[] => [...address, ...op.v128Load];
const store = (address: number, value: number[]): number[] => [...get(address), ...value, ...op.v128Store];
const add = (a: number, b: number): number[] => [...get(a), ...get(b), ...op.f64x2Add];
const sub = (a: number, b: number): number[] => [...get(a), ...get(b), ...op.f64x2Sub];
/** local `into` = (value at address) · w, with w given as its (wr, wr) and (−wi, wi) locals. */
// prettier-ignore
const product = (into: number, address: number, wr: number, wi: number): number[] => [
  ...load(get(address)), ...set(X),
  ...get(X), ...get(wr), ...op.f64x2Mul,
  ...get(X), ...get(X), ...swapHalves, ...get(wi), ...op.f64x2Mul,
  ...op.f64x2Add, ...set(into),
];

// prettier-ignore
const body: number[] = [
  ...get(END), ...get(Z), ...op.i32Sub, ...set(TOTAL),
  ...i32(16), ...set(QB),
  ...get(ODD),
  ...op.if,
  ...get(Z), ...set(A0),
  ...op.loop,
  ...load(get(A0)), ...set(X),
  ...load([...get(A0), ...i32(16), ...op.i32Add]), ...set(T1),
  ...store(A0, add(X, T1)),
  ...get(A0), ...i32(16), ...op.i32Add, ...sub(X, T1), ...op.v128Store,
  ...get(A0), ...i32(32), ...op.i32Add, ...set(A0),
  ...get(A0), ...get(END), ...op.i32LtU, ...op.brIf(0),
  ...op.end,
  ...i32(32), ...set(QB),
  ...op.end,
  ...op.block,
  ...op.loop,
  ...get(QB), ...i32(2), ...op.i32Shl, ...set(STRIDE),
  ...get(STRIDE), ...get(TOTAL), ...op.i32GtU, ...op.brIf(1),
  ...i32(0), ...set(KB),
  ...op.loop,
  ...get(TW), ...op.v128LoadAt(0), ...set(W1R),
  ...get(TW), ...op.v128LoadAt(16), ...set(W1I),
  ...get(TW), ...op.v128LoadAt(32), ...set(W2R),
  ...get(TW), ...op.v128LoadAt(48), ...set(W2I),
  ...get(TW), ...op.v128LoadAt(64), ...set(W3R),
  ...get(TW), ...op.v128LoadAt(80), ...set(W3I),
  ...get(TW), ...i32(96), ...op.i32Add, ...set(TW),
  ...get(Z), ...get(KB), ...op.i32Add, ...set(A0),
  ...op.loop,
  ...get(A0), ...get(QB), ...op.i32Add, ...set(A1),
  ...get(A1), ...get(QB), ...op.i32Add, ...set(A2),
  ...get(A2), ...get(QB), ...op.i32Add, ...set(A3),
  ...product(T1, A1, W2R, W2I),
  ...product(T2, A2, W1R, W1I),
  ...product(T3, A3, W3R, W3I),
  ...load(get(A0)), ...set(X),
  ...add(X, T1), ...set(S),
  ...sub(X, T1), ...set(D),
  ...add(T2, T3), ...set(P),
  ...sub(T2, T3), ...set(M),
  // u = −i·m as (m_im, −m_re)
  ...get(M), ...get(M), ...swapHalves, ...plusMinus, ...op.f64x2Mul, ...set(U),
  ...store(A0, add(S, P)),
  ...store(A2, sub(S, P)),
  ...store(A1, add(D, U)),
  ...store(A3, sub(D, U)),
  ...get(A0), ...get(STRIDE), ...op.i32Add, ...set(A0),
  ...get(A0), ...get(END), ...op.i32LtU, ...op.brIf(0),
  ...op.end,
  ...get(KB), ...i32(16), ...op.i32Add, ...set(KB),
  ...get(KB), ...get(QB), ...op.i32LtU, ...op.brIf(0),
  ...op.end,
  ...get(STRIDE), ...set(QB),
  ...op.br(0),
  ...op.end,
  ...op.end,
];

export const fftModuleBytes = assemble(FFT.params, FFT.locals, body);

export type FftRun = (z: number, tw: number, end: number, odd: number) => void;

/** The twiddle table described above, for size n (a power of two ≥ 2). */
export function fftTwiddles(n: number): Float64Array {
  const values: number[] = [];
  for (let q = (Math.log2(n) & 1) === 1 ? 2 : 1; 4 * q <= n; q *= 4) {
    for (let k = 0; k < q; k++) {
      for (const j of [1, 2, 3]) {
        const angle = (2 * Math.PI * j * k) / (4 * q);
        const wr = Math.cos(angle);
        const wi = -Math.sin(angle);
        values.push(wr, wr, -wi, wi);
      }
    }
  }
  return Float64Array.from(values);
}

/**
 * The last step of the real FFT (see RealFft in ./fft) for k = 1 … m − 1, over the half-size transform Z (m complex
 * values as (re, im) pairs at z):
 *   E = (Z[k] + conj Z[m−k]) / 2,  O = (Z[k] − conj Z[m−k]) / (2i),  X = E + W^k·O,  power[k] = |X|²
 *
 *   run(z, tw, power, m)   tw: for each k = 0 … m − 1 the pairs (wr, wr), (−wi, wi) of W^k = e^(−2πik/2m);
 *                          power: m + 1 doubles (entries 0 and m are left to the caller)
 */
const POWER = namedLocals(
  ['PZ', 'PTW', 'PPOWER', 'PM'],
  [
    [I32, ['PA', 'PB', 'PEND']],
    [V128, ['A', 'B', 'E', 'O', 'XK']],
  ],
);
const { PZ, PTW, PPOWER, PM, PA, PB, PEND, A, B, E, O, XK } = POWER.index;
const f64Pair = (a: number, b: number): number[] =>
  op.v128Const(new Uint8Array(new Float64Array([a, b]).buffer));

// prettier-ignore
const powerBody: number[] = [
  ...get(PZ), ...get(PM), ...i32(4), ...op.i32Shl, ...op.i32Add, ...set(PEND),
  ...get(PZ), ...i32(16), ...op.i32Add, ...set(PA),
  ...get(PEND), ...i32(16), ...op.i32Sub, ...set(PB),
  ...get(PTW), ...i32(32), ...op.i32Add, ...set(PTW),
  ...get(PPOWER), ...i32(8), ...op.i32Add, ...set(PPOWER),
  ...op.block,
  ...get(PA), ...get(PEND), ...op.i32GeU, ...op.brIf(0),
  ...op.loop,
  ...load(get(PA)), ...set(A),
  // B = conj Z[m−k]
  ...load(get(PB)), ...f64Pair(1, -1), ...op.f64x2Mul, ...set(B),
  ...get(A), ...get(B), ...op.f64x2Add, ...f64Pair(0.5, 0.5), ...op.f64x2Mul, ...set(E),
  // (A − B) / (2i) = (im, −re) / 2 of the difference
  ...get(A), ...get(B), ...op.f64x2Sub, ...set(O),
  ...get(O), ...get(O), ...swapHalves, ...f64Pair(0.5, -0.5), ...op.f64x2Mul, ...set(O),
  ...get(E),
  ...get(O), ...get(PTW), ...op.v128LoadAt(0), ...op.f64x2Mul, ...op.f64x2Add,
  ...get(O), ...get(O), ...swapHalves, ...get(PTW), ...op.v128LoadAt(16), ...op.f64x2Mul, ...op.f64x2Add,
  ...set(XK),
  ...get(XK), ...get(XK), ...op.f64x2Mul, ...set(XK),
  ...get(PPOWER), ...get(XK), ...op.f64x2ExtractLane(0), ...get(XK), ...op.f64x2ExtractLane(1), ...op.f64Add,
  ...op.f64Store,
  ...get(PA), ...i32(16), ...op.i32Add, ...set(PA),
  ...get(PB), ...i32(16), ...op.i32Sub, ...set(PB),
  ...get(PTW), ...i32(32), ...op.i32Add, ...set(PTW),
  ...get(PPOWER), ...i32(8), ...op.i32Add, ...set(PPOWER),
  ...get(PA), ...get(PEND), ...op.i32LtU, ...op.brIf(0),
  ...op.end,
  ...op.end,
];

export const powerModuleBytes = assemble(POWER.params, POWER.locals, powerBody);

export type PowerRun = (z: number, tw: number, power: number, m: number) => void;

/** The table described above for a real FFT of size 2m. */
export function powerTwiddles(m: number): Float64Array {
  const values = new Float64Array(4 * m);
  for (let k = 0; k < m; k++) {
    const wr = Math.cos((Math.PI * k) / m);
    const wi = -Math.sin((Math.PI * k) / m);
    values.set([wr, wr, -wi, wi], 4 * k);
  }
  return values;
}
