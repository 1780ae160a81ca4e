/**
 * Identity and same-dtype Cast for the wasm backend without a copy. The stock kernels copy the
 * tensor, and tfjs runs Identity to save every tensor a gradient needs (about 280 copies per
 * training step of the reference transformer). Tensor memory is never written after the kernel that
 * made it returns, so the output shares the input's data, as on the cpu backend (and as wasm Reshape
 * already does). Cast to bool is also fixed here: the stock kernel stores the low byte of each value
 * (-3.7 → 253, 0.2 → 0) instead of value ≠ 0.
 */
import type { tf } from '../tf';
import { WasmBackendView } from './wasm-internals';

const shareable = (x: tf.TensorInfo | undefined): x is tf.TensorInfo =>
  x !== undefined && x.dtype !== 'string';

/** An Identity kernel function that falls back to the stock one for strings. */
export function makeIdentityKernel(original: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const x = args.inputs.x;
    return shareable(x) ? new WasmBackendView(args.backend).share(x) : original(args);
  };
}

function castToBool(wasm: WasmBackendView, x: tf.TensorInfo): tf.TensorInfo {
  const out = wasm.makeOutput(x.shape, 'bool');
  const source = wasm.elements(x);
  const target = wasm.bytes(out);
  for (let i = 0; i < source.length; i++) target[i] = source[i] !== 0 ? 1 : 0;
  return out;
}

/**
 * A Cast kernel function: a shared view when the dtype does not change, value ≠ 0 for float32 or
 * int32 to bool, else the stock cast.
 */
export function makeCastKernel(original: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const x = args.inputs.x;
    const { dtype } = args.attrs as { dtype: tf.DataType };
    if (!shareable(x)) return original(args);
    const wasm = new WasmBackendView(args.backend);
    if (x.dtype === dtype) return wasm.share(x);
    if (dtype === 'bool' && (x.dtype === 'float32' || x.dtype === 'int32')) return castToBool(wasm, x);
    return original(args);
  };
}
