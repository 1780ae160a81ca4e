/** Installs the engine's kernel overrides on the tfjs 'wasm' backend. */
import { tf } from '../tf';
import { ADAM_UPDATE, wasmAdamUpdateKernel } from './adam-update';
import { makeBatchMatMulKernel } from './batch-mat-mul';
import { registerLayerNorm } from './layer-norm';
import { DIRECT_BINARY_KERNELS, makeBinaryKernel } from './binary';
import { makeConv2DBackpropFilterKernel } from './conv2d-backprop-filter';
import { makeConv2DBackpropInputKernel } from './conv2d-backprop-input';
import { makeCastKernel, makeIdentityKernel } from './identity';
import { makeConcatKernel, makeSplitVKernel } from './split-concat';
import { makeSumKernel } from './sum';
import { makeTanhKernel } from './tanh';
import { makeTransposeKernel } from './transpose';
import { unsortedSegmentSumKernel } from './unsorted-segment-sum';

let registered = false;

function stockKernel(name: string): tf.KernelConfig {
  const config = tf.getKernel(name, 'wasm') as tf.KernelConfig | undefined;
  if (!config)
    throw new Error(
      `engine kernels: the wasm backend has no '${name}' kernel (is tfjs-backend-wasm loaded?)`,
    );
  return config;
}

function replace(original: tf.KernelConfig, kernelFunc: tf.KernelFunc): void {
  tf.unregisterKernel(original.kernelName, original.backendName);
  tf.registerKernel({ ...original, kernelFunc });
}

function add(kernelName: string, kernelFunc: tf.KernelFunc): void {
  if (!tf.getKernel(kernelName, 'wasm')) tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc });
}

/**
 * Replace the wasm BatchMatMul, Transpose, Conv2DBackpropInput, Tanh, Sum, Identity, Cast, SplitV,
 * Concat, Add, Sub, Multiply and RealDiv kernels with the engine's faster ones, and add kernels the wasm backend lacks: UnsortedSegmentSum (tf.gather's
 * gradient) and Conv2DBackpropFilter (conv2d's filter gradient), the fused Adam update
 * (`adam-update.ts`) and the layer-norm kernels (`layer-norm.ts`). Idempotent; call once when the
 * wasm backend is selected (before or after `tf.setBackend('wasm')`).
 */
export function registerEngineKernels(): void {
  if (registered) return;
  const batchMatMul = stockKernel('BatchMatMul');
  const transpose = stockKernel('Transpose');
  const conv2DBackpropInput = stockKernel('Conv2DBackpropInput');
  const tanh = stockKernel('Tanh');
  const sigmoid = stockKernel('Sigmoid');
  const sum = stockKernel('Sum');
  const fastBatchMatMul = makeBatchMatMulKernel(batchMatMul.kernelFunc, transpose.kernelFunc);
  replace(batchMatMul, fastBatchMatMul);
  replace(transpose, makeTransposeKernel(transpose.kernelFunc));
  replace(
    conv2DBackpropInput,
    makeConv2DBackpropInputKernel(conv2DBackpropInput.kernelFunc, fastBatchMatMul),
  );
  replace(tanh, makeTanhKernel(tanh.kernelFunc, sigmoid.kernelFunc));
  replace(sum, makeSumKernel(sum.kernelFunc, transpose.kernelFunc));
  for (const [name, make] of [
    ['Identity', makeIdentityKernel],
    ['Cast', makeCastKernel],
    ['SplitV', makeSplitVKernel],
    ['Concat', makeConcatKernel],
  ] as const) {
    const stock = stockKernel(name);
    replace(stock, make(stock.kernelFunc));
  }
  for (const name of DIRECT_BINARY_KERNELS) {
    const stock = stockKernel(name);
    replace(stock, makeBinaryKernel(name, stock.kernelFunc));
  }
  add('UnsortedSegmentSum', unsortedSegmentSumKernel);
  add('Conv2DBackpropFilter', makeConv2DBackpropFilterKernel(fastBatchMatMul));
  add(ADAM_UPDATE, wasmAdamUpdateKernel);
  registerLayerNorm('wasm');
  registered = true;
}

/** Whether `registerEngineKernels` has run in this process. */
export function engineKernelsRegistered(): boolean {
  return registered;
}
