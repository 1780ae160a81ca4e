/**
 * BatchMatMul override for the wasm backend. The stock kernel is fast (XNNPACK) only for a single
 * non-transposed 2-D product; transposed operands, a batch on either side and broadcast batches all
 * fall to a naive loop about 10× slower. This override reduces every product it can to XNNPACK
 * products: transposed operands are transposed physically (a fast rank-3 copy), a batch against a
 * shared matrix is folded into rows, a shared left matrix multiplies all right matrices side by
 * side, and equal batches run one XNNPACK product per batch item on zero-copy views. A single
 * product with a transposed left operand is turned around when that is cheaper: aᵀ·b = (bᵀ·a)ᵀ when
 * b is the wider operand (about 1.4× faster for weight gradients such as [800,144]ᵀ·[800,576]: XNNPACK
 * packs the wide operand slowly), and aᵀ·bᵀ = (b·a)ᵀ always (one transpose, of the output).
 */
import { tf } from '../tf';
import { transposeInfo } from './transpose';
import { smallGemmOn } from './small-gemm';
import { WasmBackendView } from './wasm-internals';

interface ProductPlan {
  batchA: number;
  batchB: number;
  m: number;
  k: number;
  n: number;
  outShape: number[];
}

const sizeOf = (shape: number[]): number => shape.reduce((size, dim) => size * dim, 1);

/** The product's dimensions, or null when the stock kernel must handle it (errors, odd broadcasts, empty). */
export function planProduct(
  aShape: number[],
  bShape: number[],
  transposeA: boolean,
  transposeB: boolean,
): ProductPlan | null {
  const aRank = aShape.length;
  const bRank = bShape.length;
  if (aRank < 2 || bRank < 2) return null;
  const k = transposeA ? aShape[aRank - 2] : aShape[aRank - 1];
  if (k !== (transposeB ? bShape[bRank - 1] : bShape[bRank - 2])) return null;
  const m = transposeA ? aShape[aRank - 1] : aShape[aRank - 2];
  const n = transposeB ? bShape[bRank - 2] : bShape[bRank - 1];
  const batchA = sizeOf(aShape.slice(0, -2));
  const batchB = sizeOf(bShape.slice(0, -2));
  if (batchA !== batchB && batchA !== 1 && batchB !== 1) return null;
  if (m * n * k * batchA * batchB === 0) return null;
  let outBatch: number[];
  try {
    outBatch = tf.broadcast_util.assertAndGetBroadcastShape(aShape.slice(0, -2), bShape.slice(0, -2));
  } catch {
    return null;
  }
  return { batchA, batchB, m, k, n, outShape: [...outBatch, m, n] };
}

const view = (info: tf.TensorInfo, shape: number[]): tf.TensorInfo => ({
  dataId: info.dataId,
  shape,
  dtype: info.dtype,
});

function requireInput(inputs: tf.NamedTensorInfoMap, name: string): tf.TensorInfo {
  const info = inputs[name];
  if (!info) throw new Error(`engine kernels: BatchMatMul called without input '${name}'`);
  return info;
}

/**
 * Whether the items of an equal-batch product are small enough for the SIMD loop (./small-gemm), whose
 * per-item cost is nothing, rather than one XNNPACK product per item, whose set-up dominates small ones.
 */
export const smallItems = (plan: ProductPlan): boolean => plan.m * plan.k * plan.n <= SMALL_ITEM_MACS;

/** Multiply-adds per item up to which equal-batch products use the SIMD loop (an attention head of 256 frames × 64). */
const SMALL_ITEM_MACS = 256 * 256 * 64;

/** Whether to compute a single product aᵀ·b(ᵀ) as the transpose of the product turned around. */
export function turnAround(plan: ProductPlan, transposeA: boolean, transposeB: boolean): boolean {
  return transposeA && plan.batchA === 1 && plan.batchB === 1 && (transposeB || plan.n > plan.m);
}

/** A BatchMatMul kernel function that wraps the stock one and its Transpose. */
export function makeBatchMatMulKernel(
  original: tf.KernelFunc,
  originalTranspose: tf.KernelFunc,
): tf.KernelFunc {
  const kernel: tf.KernelFunc = (args) => {
    const a = requireInput(args.inputs, 'a');
    const b = requireInput(args.inputs, 'b');
    const { transposeA, transposeB } = args.attrs as { transposeA: boolean; transposeB: boolean };
    const plan = planProduct(a.shape, b.shape, transposeA, transposeB);
    if (!plan || a.dtype !== 'float32' || b.dtype !== 'float32') return original(args);
    const { batchA, batchB, m, k, n, outShape } = plan;
    const backend = args.backend;
    const wasm = new WasmBackendView(backend);
    if (turnAround(plan, transposeA, transposeB)) {
      const turned = kernel({
        inputs: { a: b, b: a },
        backend,
        attrs: { transposeA: !transposeB, transposeB: false },
      }) as tf.TensorInfo;
      const out = transposeInfo(originalTranspose, backend, view(turned, [n, m]), [1, 0]);
      wasm.dispose(turned);
      return view(out, outShape);
    }
    const temporaries: tf.TensorInfo[] = [];
    const transposed = (info: tf.TensorInfo, shape: number[], perm: number[]): tf.TensorInfo => {
      const result = transposeInfo(originalTranspose, backend, view(info, shape), perm);
      temporaries.push(result);
      return result;
    };
    const left = transposeA ? transposed(a, [batchA, k, m], [0, 2, 1]) : a;
    const right = transposeB ? transposed(b, [batchB, n, k], [0, 2, 1]) : b;
    let out: tf.TensorInfo;
    if (batchB === 1) {
      out = wasm.makeOutput(outShape);
      const weights = wasm.weightsId(right, k, n);
      wasm.matMulRows(wasm.idOf(left), batchA * m, k, weights.id, n, wasm.idOf(out));
      if (weights.alias) wasm.releaseAlias(weights.id);
    } else if (batchA === 1) {
      const side = transposed(right, [batchB, k, n], [1, 0, 2]);
      const wide = wasm.makeOutput([m, batchB, n]);
      temporaries.push(wide);
      wasm.matMulRows(wasm.idOf(left), m, k, wasm.idOf(side), batchB * n, wasm.idOf(wide));
      out = view(transposeInfo(originalTranspose, backend, wide, [1, 0, 2]), outShape);
    } else if (smallItems(plan) && wasm.memory()) {
      out = wasm.makeOutput(outShape);
      const run = smallGemmOn(wasm.memory()!);
      run(wasm.offsetOf(left), wasm.offsetOf(right), wasm.offsetOf(out), batchA, m, k, n);
    } else {
      out = wasm.makeOutput(outShape);
      for (let item = 0; item < batchA; item++) {
        const aId = wasm.alias(left, item * m * k, m * k);
        const bId = wasm.alias(right, item * k * n, k * n);
        const outId = wasm.alias(out, item * m * n, m * n);
        wasm.matMulRows(aId, m, k, bId, n, outId);
        wasm.releaseAlias(aId);
        wasm.releaseAlias(bId);
        wasm.releaseAlias(outId);
      }
    }
    for (const temporary of temporaries) wasm.dispose(temporary);
    return out;
  };
  return kernel;
}
