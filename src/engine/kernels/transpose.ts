/**
 * Transpose override for the wasm backend. The stock kernel has fast paths up to rank 4 and a very
 * slow generic path above (about 50× slower). This override first merges axes that stay adjacent
 * under the permutation and drops size-1 axes; what is still above rank 4 is moved by a strided
 * copy on the wasm heap.
 */
import type { tf } from '../tf';
import { WasmBackendView } from './wasm-internals';

export interface CollapsedTranspose {
  shape: number[];
  perm: number[];
}

/** The smallest-rank transpose equivalent to transposing `shape` by `perm`. */
export function collapseTranspose(shape: number[], perm: number[]): CollapsedTranspose {
  const keptAxes = shape.map((_, axis) => axis).filter((axis) => shape[axis] !== 1);
  if (keptAxes.length === 0) return { shape: [1], perm: [0] };
  const renumbered = new Map(keptAxes.map((axis, index) => [axis, index]));
  const keptShape = keptAxes.map((axis) => shape[axis]);
  const groups: number[][] = [];
  for (const axis of perm) {
    const index = renumbered.get(axis);
    if (index === undefined) continue;
    const last = groups[groups.length - 1];
    if (last && last[last.length - 1] === index - 1) last.push(index);
    else groups.push([index]);
  }
  const byInput = [...groups].sort((g, h) => g[0] - h[0]);
  return {
    shape: byInput.map((group) => group.reduce((size, index) => size * keptShape[index], 1)),
    perm: groups.map((group) => byInput.indexOf(group)),
  };
}

/** Copy `count` elements of a tensor of `shape` into `out` in the order of `perm`. */
function stridedCopy(
  heap: Int32Array,
  src: number,
  dst: number,
  shape: number[],
  perm: number[],
  count: number,
): void {
  const rank = shape.length;
  const inStrides = new Array<number>(rank);
  inStrides[rank - 1] = 1;
  for (let axis = rank - 2; axis >= 0; axis--) inStrides[axis] = inStrides[axis + 1] * shape[axis + 1];
  const outShape = perm.map((axis) => shape[axis]);
  const step = perm.map((axis) => inStrides[axis]);
  const inner = outShape[rank - 1];
  const innerStep = step[rank - 1];
  const index = new Array<number>(rank - 1).fill(0);
  let base = src;
  let o = dst;
  for (let row = 0; row < count / inner; row++) {
    for (let j = 0, s = base; j < inner; j++, s += innerStep) heap[o++] = heap[s];
    for (let axis = rank - 2; axis >= 0; axis--) {
      index[axis]++;
      base += step[axis];
      if (index[axis] < outShape[axis]) break;
      base -= step[axis] * outShape[axis];
      index[axis] = 0;
    }
  }
}

/**
 * Transpose `x` (read with the shape it carries, which may differ from its stored tensor's shape
 * when reshaping for free) by `perm`. Returns a new tensor owned by the caller.
 */
export function transposeInfo(
  original: tf.KernelFunc,
  backend: object,
  x: tf.TensorInfo,
  perm: number[],
): tf.TensorInfo {
  const outShape = perm.map((axis) => x.shape[axis]);
  const collapsed = collapseTranspose(x.shape, perm);
  const count = outShape.reduce((size, dim) => size * dim, 1);
  if (collapsed.shape.length <= 4 || count === 0 || (x.dtype !== 'float32' && x.dtype !== 'int32')) {
    const view = { dataId: x.dataId, shape: collapsed.shape, dtype: x.dtype };
    const out = original({ inputs: { x: view }, backend, attrs: { perm: collapsed.perm } }) as tf.TensorInfo;
    return { dataId: out.dataId, shape: outShape, dtype: out.dtype };
  }
  const wasm = new WasmBackendView(backend);
  const out = wasm.makeOutput(outShape, x.dtype);
  const heap = new Int32Array(wasm.heapF32().buffer);
  stridedCopy(heap, wasm.offsetOf(x) / 4, wasm.offsetOf(out) / 4, collapsed.shape, collapsed.perm, count);
  return out;
}

/** A Transpose kernel function that wraps the stock one. */
export function makeTransposeKernel(original: tf.KernelFunc): tf.KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const perm = (attrs as { perm: number[] }).perm;
    const x = inputs.x;
    if (!x) throw new Error("engine kernels: Transpose called without input 'x'");
    return transposeInfo(original, backend, x, perm);
  };
}
