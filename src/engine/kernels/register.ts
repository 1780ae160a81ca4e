/** Installs the engine's kernel overrides on the tfjs 'wasm' backend. */
import { tf } from '../tf';
import { makeBatchMatMulKernel } from './batch-mat-mul';
import { makeConv2DBackpropInputKernel } from './conv2d-backprop-input';
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

/** Kernels the stock wasm backend lacks, added when still missing. */
const ADDED: tf.KernelConfig[] = [
  { kernelName: 'UnsortedSegmentSum', backendName: 'wasm', kernelFunc: unsortedSegmentSumKernel },
];

/**
 * Replace the wasm BatchMatMul, Transpose, Conv2DBackpropInput, Tanh and Sum kernels with the engine's
 * faster ones and add the
 * kernels the wasm backend lacks (UnsortedSegmentSum, needed by tf.gather's gradient). Idempotent;
 * call once when the wasm backend is selected (before or after `tf.setBackend('wasm')`).
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
  for (const config of ADDED)
    if (!tf.getKernel(config.kernelName, config.backendName)) tf.registerKernel(config);
  registered = true;
}

/** Whether `registerEngineKernels` has run in this process. */
export function engineKernelsRegistered(): boolean {
  return registered;
}
