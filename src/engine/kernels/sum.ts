/**
 * Sum override for the wasm backend. The stock kernel first transposes the reduced axes innermost
 * (with its own transpose, slow above rank 4) and then sums. Summing a middle block of axes — the
 * common case for bias and broadcast gradients, e.g. [B, T, U, H] over B·T — is done here without a
 * transpose as out[o, i] = Σ_r x[o, r, i] (a SIMD loop in float32 when i runs over a multiple of four,
 * ./sum-simd; else accumulated in float64); other patterns move the reduced
 * axes last with the engine's Transpose and let the stock kernel sum them.
 */
import { tf } from '../tf';
import { sumMiddleSimdOn } from './sum-simd';
import { transposeInfo } from './transpose';
import { WasmBackendView } from './wasm-internals';

/** Shape collapsed into alternating kept / reduced runs, size-1 axes dropped. */
export function reductionRuns(shape: number[], axes: number[]): { size: number; reduced: boolean }[] {
  const runs: { size: number; reduced: boolean }[] = [];
  shape.forEach((size, axis) => {
    if (size === 1) return;
    const reduced = axes.includes(axis);
    const last = runs[runs.length - 1];
    if (last && last.reduced === reduced) last.size *= size;
    else runs.push({ size, reduced });
  });
  return runs;
}

/** out[o, i] = Σ_r x[o, r, i], four rows at a time (the float64 accumulator's add chain is the bottleneck). */
function sumMiddle(x: Float32Array, out: Float32Array, outer: number, reduce: number, inner: number): void {
  const accumulator = new Float64Array(inner);
  for (let o = 0; o < outer; o++) {
    accumulator.fill(0);
    let r = 0;
    for (; r + 4 <= reduce; r += 4) {
      const b0 = (o * reduce + r) * inner;
      const b1 = b0 + inner;
      const b2 = b1 + inner;
      const b3 = b2 + inner;
      for (let i = 0; i < inner; i++) accumulator[i] += x[b0 + i] + x[b1 + i] + (x[b2 + i] + x[b3 + i]);
    }
    for (; r < reduce; r++) {
      const base = (o * reduce + r) * inner;
      for (let i = 0; i < inner; i++) accumulator[i] += x[base + i];
    }
    out.set(accumulator, o * inner);
  }
}

/** A Sum kernel function that wraps the stock one and its Transpose. */
export function makeSumKernel(original: tf.KernelFunc, originalTranspose: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const x = args.inputs.x;
    if (!x || x.dtype !== 'float32') return original(args);
    const { axis, keepDims } = args.attrs as { axis: number | number[]; keepDims: boolean };
    const axes = tf.util.parseAxisParam(axis, x.shape);
    const runs = reductionRuns(x.shape, axes);
    const reducedRuns = runs.filter((run) => run.reduced).length;
    if (reducedRuns === 0 || (reducedRuns === 1 && runs[runs.length - 1].reduced)) return original(args);
    const kept = x.shape.map((_, a) => a).filter((a) => !axes.includes(a));
    const outShape = keepDims
      ? x.shape.map((size, a) => (axes.includes(a) ? 1 : size))
      : kept.map((a) => x.shape[a]);
    const wasm = new WasmBackendView(args.backend);
    if (reducedRuns === 1) {
      const middle = runs.findIndex((run) => run.reduced);
      const product = (list: { size: number }[]): number => list.reduce((total, run) => total * run.size, 1);
      const out = wasm.makeOutput(outShape);
      const outer = product(runs.slice(0, middle));
      const inner = product(runs.slice(middle + 1));
      const memory = wasm.memory();
      if (memory && inner % 4 === 0) {
        sumMiddleSimdOn(memory)(wasm.offsetOf(x), wasm.offsetOf(out), outer, runs[middle].size, inner);
        return out;
      }
      sumMiddle(
        wasm.elements(x) as Float32Array,
        wasm.elements(out) as Float32Array,
        outer,
        runs[middle].size,
        inner,
      );
      return out;
    }
    const moved = transposeInfo(originalTranspose, args.backend, x, [...kept, ...axes]);
    const innermost = axes.map((_, i) => kept.length + i);
    const summed = original({
      inputs: { x: moved },
      backend: args.backend,
      attrs: { axis: innermost, keepDims: false },
    });
    wasm.dispose(moved);
    const result = summed as tf.TensorInfo;
    return { dataId: result.dataId, shape: outShape, dtype: result.dtype };
  };
}
