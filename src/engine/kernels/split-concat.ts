/**
 * SplitV and Concat for the wasm backend as block copies on the heap. Along an axis, a tensor is
 * `outer` rows of `shape[axis] · inner` elements; each part owns a block of every row. The stock
 * SplitV slices each part out through a copy of the whole input; both move the blocks here with
 * copyWithin. float32 and int32 only; other dtypes go to the stock kernels.
 */
import { tf } from '../tf';
import { WasmBackendView } from './wasm-internals';

const sizeOf = (shape: number[]): number => shape.reduce((size, dim) => size * dim, 1);

interface Part {
  /** Word offset of the part's first element on the heap. */
  start: number;
  /** The part's elements per row. */
  width: number;
}

/**
 * Copy between a whole tensor (rows of `rowWidth` words at word offset `whole`) and its parts,
 * laid side by side in each row; `intoWhole` picks the direction (concat) or the other (split).
 */
function moveBlocks(
  heap: Int32Array,
  whole: number,
  rowWidth: number,
  rows: number,
  parts: Part[],
  intoWhole: boolean,
): void {
  let column = 0;
  for (const { start, width } of parts) {
    for (let row = 0; row < rows; row++) {
      const wholeAt = whole + row * rowWidth + column;
      const partAt = start + row * width;
      if (intoWhole) heap.copyWithin(wholeAt, partAt, partAt + width);
      else heap.copyWithin(partAt, wholeAt, wholeAt + width);
    }
    column += width;
  }
}

const wordSized = (dtype: tf.DataType): boolean => dtype === 'float32' || dtype === 'int32';

/** A SplitV kernel function that wraps the stock one. */
export function makeSplitVKernel(original: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const x = args.inputs.x;
    if (!x || !wordSized(x.dtype)) return original(args);
    const { numOrSizeSplits, axis } = args.attrs as { numOrSizeSplits: number | number[]; axis: number };
    const $axis = tf.util.parseAxisParam(axis, x.shape)[0];
    const sizes = tf.backend_util.prepareSplitSize(x, numOrSizeSplits, $axis);
    const inner = sizeOf(x.shape.slice($axis + 1));
    const wasm = new WasmBackendView(args.backend);
    const outputs = sizes.map((size) =>
      wasm.makeOutput(
        x.shape.map((dim, a) => (a === $axis ? size : dim)),
        x.dtype,
      ),
    );
    const parts = outputs.map((out, i) => ({ start: wasm.offsetOf(out) / 4, width: sizes[i] * inner }));
    const rows = sizeOf(x.shape.slice(0, $axis));
    moveBlocks(wasm.heapWords(), wasm.offsetOf(x) / 4, x.shape[$axis] * inner, rows, parts, false);
    return outputs;
  };
}

/** A Concat kernel function that wraps the stock one. */
export function makeConcatKernel(original: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const inputs = args.inputs as unknown as tf.TensorInfo[];
    const first = inputs[0];
    if (!first || !wordSized(first.dtype) || inputs.some((t) => t.dtype !== first.dtype))
      return original(args);
    const $axis = tf.util.parseAxisParam((args.attrs as { axis: number | number[] }).axis, first.shape)[0];
    const shapes = inputs.map((t) => t.shape);
    tf.backend_util.assertParamsConsistent(shapes, $axis);
    const outShape = tf.backend_util.computeOutShape(shapes, $axis);
    const wasm = new WasmBackendView(args.backend);
    const out = wasm.makeOutput(outShape, first.dtype);
    const parts = inputs
      .filter((t) => sizeOf(t.shape) > 0)
      .map((t) => ({ start: wasm.offsetOf(t) / 4, width: sizeOf(t.shape.slice($axis)) }));
    const rows = sizeOf(outShape.slice(0, $axis));
    if (rows > 0)
      moveBlocks(wasm.heapWords(), wasm.offsetOf(out) / 4, sizeOf(outShape.slice($axis)), rows, parts, true);
    return out;
  };
}
