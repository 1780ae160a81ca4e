/**
 * Add, Sub, Multiply and RealDiv for the wasm backend: the stock kernels' C functions (XNNPACK with
 * broadcasting), called directly with the shapes written to a scratch area on the heap. The stock
 * kernels pass the shapes through cwrap's array marshalling, about 15 µs per call — most of the
 * time of the small element-wise ops an optimizer runs for every bias and norm parameter.
 */
import { tf } from '../tf';
import { SHAPE_SCRATCH_INTS, WasmBackendView } from './wasm-internals';

export const DIRECT_BINARY_KERNELS = ['Add', 'Sub', 'Multiply', 'RealDiv'] as const;

/** The C side's dtype codes (tfjs-backend-wasm CppDType). */
const CPP_DTYPE: Partial<Record<tf.DataType, number>> = { float32: 0, int32: 1 };

/** A kernel function for the binary op `name` that wraps the stock one. */
export function makeBinaryKernel(name: string, original: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { a, b } = args.inputs;
    const dtype = a ? CPP_DTYPE[a.dtype] : undefined;
    if (!a || !b || dtype === undefined || a.dtype !== b.dtype) return original(args);
    if (a.shape.length + b.shape.length > SHAPE_SCRATCH_INTS) return original(args);
    const wasm = new WasmBackendView(args.backend);
    const call = wasm.exported(name);
    if (!call) return original(args);
    const outShape = tf.backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
    const out = wasm.makeOutput(outShape, a.dtype);
    if (outShape.includes(0)) return out;
    const [aShape, bShape] = wasm.writeShapes([a.shape, b.shape]);
    call(wasm.idOf(a), aShape, a.shape.length, wasm.idOf(b), bShape, b.shape.length, dtype, wasm.idOf(out));
    return out;
  };
}
