/**
 * Layer normalisation over the last axis as two kernels, forward and backward, for the cpu and wasm
 * backends. The composite form (moments, subtract, rsqrt, scale, shift) is ~9 tfjs ops forward and
 * ~20 backward per normalisation, each a kernel launch over the whole tensor; a transformer layer has
 * two normalisations.
 *
 *   PathwaysLayerNorm(x [rows, d], gain [d], bias [d]; eps) → y [rows, d], mean [rows], rstd [rows]
 *     x̂ = (x − mean)·rstd, rstd = 1/√(var + eps) (biased variance), y = x̂·gain + bias
 *   PathwaysLayerNormGrad(dy, x, gain, mean, rstd) → dx, dgain, dbias
 *     ĝ = dy·gain; dx = rstd·(ĝ − mean(ĝ) − x̂·mean(ĝ·x̂)); dgain = Σ_rows dy·x̂; dbias = Σ_rows dy
 *
 * The plain loops accumulate row statistics and sums in float64; on wasm, rows of a multiple of four
 * run as SIMD loops in float32 (./layer-norm-simd).
 */
import { tf } from '../tf';
import { layerNormSimdOn } from './layer-norm-simd';
import { WasmBackendView } from './wasm-internals';

export const LAYER_NORM = 'PathwaysLayerNorm';
export const LAYER_NORM_GRAD = 'PathwaysLayerNormGrad';

/** Forward over plain arrays: x is rows×d row-major. */
export function layerNormForward(
  x: Float32Array,
  gain: Float32Array,
  bias: Float32Array,
  eps: number,
  out: { y: Float32Array; mean: Float32Array; rstd: Float32Array },
): void {
  const d = gain.length;
  const rows = x.length / d;
  const { y, mean: means, rstd: rstds } = out;
  for (let r = 0, at = 0; r < rows; r++, at += d) {
    let sum = 0;
    for (let j = 0; j < d; j++) sum += x[at + j];
    const mean = sum / d;
    let squares = 0;
    for (let j = 0; j < d; j++) {
      const c = x[at + j] - mean;
      squares += c * c;
    }
    const rstd = 1 / Math.sqrt(squares / d + eps);
    for (let j = 0; j < d; j++) y[at + j] = (x[at + j] - mean) * rstd * gain[j] + bias[j];
    means[r] = mean;
    rstds[r] = rstd;
  }
}

/** Backward over plain arrays; dgain and dbias are written whole (not accumulated into). */
export function layerNormBackward(
  input: { dy: Float32Array; x: Float32Array; gain: Float32Array; mean: Float32Array; rstd: Float32Array },
  out: { dx: Float32Array; dgain: Float32Array; dbias: Float32Array },
): void {
  const { dy, x, gain, mean, rstd } = input;
  const dx = out.dx;
  const d = gain.length;
  const rows = x.length / d;
  const dgain = new Float64Array(d);
  const dbias = new Float64Array(d);
  for (let r = 0, at = 0; r < rows; r++, at += d) {
    const m = mean[r];
    const s = rstd[r];
    let sumG = 0;
    let sumGX = 0;
    for (let j = 0; j < d; j++) {
      const xhat = (x[at + j] - m) * s;
      const g = dy[at + j] * gain[j];
      sumG += g;
      sumGX += g * xhat;
      dgain[j] += dy[at + j] * xhat;
      dbias[j] += dy[at + j];
    }
    const meanG = sumG / d;
    const meanGX = sumGX / d;
    for (let j = 0; j < d; j++) {
      const xhat = (x[at + j] - m) * s;
      dx[at + j] = s * (dy[at + j] * gain[j] - meanG - xhat * meanGX);
    }
  }
  out.dgain.set(dgain);
  out.dbias.set(dbias);
}

function input(inputs: tf.NamedTensorInfoMap, name: string): tf.TensorInfo {
  const info = inputs[name];
  if (!info) throw new Error(`${LAYER_NORM}: missing input '${name}'`);
  if (info.dtype !== 'float32') throw new Error(`${LAYER_NORM}: '${name}' is ${info.dtype}, not float32`);
  return info;
}

/** Shapes of a forward call: x [rows, d], vectors of d. */
function checkShapes(x: tf.TensorInfo, vectors: tf.TensorInfo[]): { rows: number; d: number } {
  if (x.shape.length !== 2) throw new Error(`${LAYER_NORM}: x must be 2-D, got [${x.shape}]`);
  const [rows, d] = x.shape;
  for (const v of vectors) {
    if (v.shape.length !== 1 || v.shape[0] !== d)
      throw new Error(`${LAYER_NORM}: expected a vector of ${d}, got [${v.shape}]`);
  }
  return { rows, d };
}

function checkGradient(dy: tf.TensorInfo, x: tf.TensorInfo): void {
  if (!tf.util.arraysEqual(dy.shape, x.shape))
    throw new Error(`${LAYER_NORM_GRAD}: dy [${dy.shape}] differs from x [${x.shape}]`);
}

/** Reads inputs and makes outputs for one backend; `floats` views a tensor's data. */
interface Access {
  floats(info: tf.TensorInfo): Float32Array;
  output(shape: number[]): tf.TensorInfo;
}

function forward(args: Parameters<tf.KernelFunc>[0], access: Access): tf.TensorInfo[] {
  const x = input(args.inputs, 'x');
  const gain = input(args.inputs, 'gain');
  const bias = input(args.inputs, 'bias');
  const { rows, d } = checkShapes(x, [gain, bias]);
  const outputs = [access.output([rows, d]), access.output([rows]), access.output([rows])];
  const { eps } = args.attrs as unknown as { eps: number };
  layerNormForward(access.floats(x), access.floats(gain), access.floats(bias), eps, {
    y: access.floats(outputs[0]),
    mean: access.floats(outputs[1]),
    rstd: access.floats(outputs[2]),
  });
  return outputs;
}

function backward(args: Parameters<tf.KernelFunc>[0], access: Access): tf.TensorInfo[] {
  const [dy, x, gain, mean, rstd] = ['dy', 'x', 'gain', 'mean', 'rstd'].map((n) => input(args.inputs, n));
  const { rows, d } = checkShapes(x, [gain]);
  if (!tf.util.arraysEqual(dy.shape, x.shape))
    throw new Error(`${LAYER_NORM_GRAD}: dy [${dy.shape}] ≠ x [${x.shape}]`);
  const outputs = [access.output([rows, d]), access.output([d]), access.output([d])];
  layerNormBackward(
    {
      dy: access.floats(dy),
      x: access.floats(x),
      gain: access.floats(gain),
      mean: access.floats(mean),
      rstd: access.floats(rstd),
    },
    { dx: access.floats(outputs[0]), dgain: access.floats(outputs[1]), dbias: access.floats(outputs[2]) },
  );
  return outputs;
}

interface CpuBackendShape {
  data: { get(dataId: tf.DataId): { values: Float32Array } };
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: Float32Array): tf.TensorInfo;
}

/** cpu: outputs are made from fresh arrays, so they are filled first and registered after. */
function onCpu(run: (args: Parameters<tf.KernelFunc>[0], access: Access) => tf.TensorInfo[]): tf.KernelFunc {
  return (args) => {
    const cpu = args.backend as unknown as CpuBackendShape;
    const fresh = new Map<tf.TensorInfo, Float32Array>();
    const access: Access = {
      floats: (info) => fresh.get(info) ?? cpu.data.get(info.dataId).values,
      output: (shape) => {
        const placeholder: tf.TensorInfo = { dataId: {}, shape, dtype: 'float32' };
        fresh.set(placeholder, new Float32Array(tf.util.sizeFromShape(shape)));
        return placeholder;
      },
    };
    return run(args, access).map((out) => cpu.makeTensorInfo(out.shape, 'float32', fresh.get(out)!));
  };
}

/** wasm: outputs live on the heap; views are taken after all outputs exist (allocation may move it). */
function onWasm(run: (args: Parameters<tf.KernelFunc>[0], access: Access) => tf.TensorInfo[]): tf.KernelFunc {
  return (args) => {
    const wasm = new WasmBackendView(args.backend);
    return run(args, {
      floats: (info) => wasm.elements(info) as Float32Array,
      output: (shape) => wasm.makeOutput(shape),
    });
  };
}

/** wasm with rows of a multiple of four: the SIMD loops of ./layer-norm-simd on the heap. */
function simdOrPlain(
  plain: tf.KernelFunc,
  simd: (
    wasm: WasmBackendView,
    run: ReturnType<typeof layerNormSimdOn>,
    args: Parameters<tf.KernelFunc>[0],
  ) => tf.TensorInfo[],
): tf.KernelFunc {
  return (args) => {
    const wasm = new WasmBackendView(args.backend);
    const memory = wasm.memory();
    const x = input(args.inputs, 'x');
    const d = x.shape[x.shape.length - 1];
    if (!memory || x.shape.length !== 2 || d % 4 !== 0 || d === 0) return plain(args);
    return simd(wasm, layerNormSimdOn(memory), args);
  };
}

const wasmForward = simdOrPlain(onWasm(forward), (wasm, run, args) => {
  const [x, gain, bias] = ['x', 'gain', 'bias'].map((n) => input(args.inputs, n));
  const { rows, d } = checkShapes(x, [gain, bias]);
  const outputs = [wasm.makeOutput([rows, d]), wasm.makeOutput([rows]), wasm.makeOutput([rows])];
  const { eps } = args.attrs as unknown as { eps: number };
  const at = (info: tf.TensorInfo): number => wasm.offsetOf(info);
  run.forward(at(x), at(gain), at(bias), ...outputs.map(at), rows, d, wasm.constants([eps, 1 / d]));
  return outputs;
});

const wasmBackward = simdOrPlain(onWasm(backward), (wasm, run, args) => {
  const [dy, x, gain, mean, rstd] = ['dy', 'x', 'gain', 'mean', 'rstd'].map((n) => input(args.inputs, n));
  const { rows, d } = checkShapes(x, [gain]);
  checkGradient(dy, x);
  const outputs = [wasm.makeOutput([rows, d]), wasm.makeOutput([d]), wasm.makeOutput([d])];
  const at = (info: tf.TensorInfo): number => wasm.offsetOf(info);
  run.backward(...[dy, x, gain, mean, rstd, ...outputs].map(at), rows, d, wasm.constants([1 / d]));
  return outputs;
});

/** The kernels for one backend. */
const KERNELS: Record<'cpu' | 'wasm', [string, tf.KernelFunc][]> = {
  cpu: [
    [LAYER_NORM, onCpu(forward)],
    [LAYER_NORM_GRAD, onCpu(backward)],
  ],
  wasm: [
    [LAYER_NORM, wasmForward],
    [LAYER_NORM_GRAD, wasmBackward],
  ],
};

/** Register the layer-norm kernels for `backendName` (idempotent). */
export function registerLayerNorm(backendName: 'cpu' | 'wasm'): void {
  for (const [kernelName, kernelFunc] of KERNELS[backendName]) {
    if (!tf.getKernel(kernelName, backendName)) tf.registerKernel({ kernelName, backendName, kernelFunc });
  }
}

/** The composite form, for backends without the kernels. */
function compositeLayerNorm(x: tf.Tensor, gain: tf.Tensor, bias: tf.Tensor, eps: number): tf.Tensor {
  const { mean, variance } = tf.moments(x, -1, true);
  const normed = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, eps)));
  return tf.add(tf.mul(normed, gain), bias);
}

const fusedLayerNorm = (eps: number) =>
  tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, gain, bias, save] = args as [tf.Tensor, tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    const [y, mean, rstd] = tf
      .engine()
      .runKernel(LAYER_NORM, { x, gain, bias }, { eps }) as unknown as tf.Tensor[];
    save([x, gain, mean, rstd]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sx, sgain, smean, srstd] = saved;
        return tf.engine().runKernel(LAYER_NORM_GRAD, {
          dy,
          x: sx,
          gain: sgain,
          mean: smean,
          rstd: srstd,
        }) as unknown as tf.Tensor[];
      },
    };
  });

/**
 * Layer normalisation of x over its last axis with `gain` and `bias` (vectors of that size): the
 * fused kernels on backends that have them, the composite ops elsewhere. Differentiable in all three.
 */
export function layerNormOp(x: tf.Tensor, gain: tf.Tensor, bias: tf.Tensor, eps = 1e-5): tf.Tensor {
  const backend = tf.getBackend();
  if (backend === 'cpu') registerLayerNorm('cpu');
  if (!tf.getKernel(LAYER_NORM, backend) || x.dtype !== 'float32')
    return compositeLayerNorm(x, gain, bias, eps);
  const shape = x.shape;
  const d = shape[shape.length - 1];
  const y = fusedLayerNorm(eps)(tf.reshape(x, [-1, d]), gain, bias) as tf.Tensor;
  return tf.reshape(y, shape);
}
