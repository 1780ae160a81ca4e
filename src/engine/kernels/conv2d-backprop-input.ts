/**
 * Conv2DBackpropInput (the input gradient of conv2d) for the wasm backend, whose stock kernel is a
 * direct loop about 30× slower than its matrix products. Computed as one product
 * dy [rows, outChannels] · filterᵀ [outChannels, kh·kw·inChannels] through the BatchMatMul kernel,
 * then the columns are scatter-added into dx (col2im). Channels-last only; others go to the stock kernel.
 */
import { tf } from '../tf';
import { WasmBackendView } from './wasm-internals';

interface BackpropInputAttrs {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  inputShape: [number, number, number, number];
}

/** Add each product row's kh·kw·inChannels columns into the input positions it came from. */
function col2im(cols: Float32Array, dx: Float32Array, info: tf.backend_util.Conv2DInfo): void {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, filterHeight, filterWidth } = info;
  const { strideHeight, strideWidth } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const rowSize = filterHeight * filterWidth * inChannels;
  dx.fill(0);
  let row = 0;
  for (let n = 0; n < batchSize; n++) {
    for (let oh = 0; oh < outHeight; oh++) {
      for (let ow = 0; ow < outWidth; ow++, row++) {
        for (let i = 0; i < filterHeight; i++) {
          const ih = oh * strideHeight - top + i;
          if (ih < 0 || ih >= inHeight) continue;
          for (let j = 0; j < filterWidth; j++) {
            const iw = ow * strideWidth - left + j;
            if (iw < 0 || iw >= inWidth) continue;
            const dst = ((n * inHeight + ih) * inWidth + iw) * inChannels;
            const src = row * rowSize + (i * filterWidth + j) * inChannels;
            for (let c = 0; c < inChannels; c++) dx[dst + c] += cols[src + c];
          }
        }
      }
    }
  }
}

/** A Conv2DBackpropInput kernel function using `batchMatMul` (the engine's) for the product. */
export function makeConv2DBackpropInputKernel(
  original: tf.KernelFunc,
  batchMatMul: tf.KernelFunc,
): tf.KernelFunc {
  return (args) => {
    const { dy, filter } = args.inputs;
    const attrs = args.attrs as unknown as BackpropInputAttrs;
    if (!dy || !filter || attrs.dataFormat !== 'NHWC' || dy.dtype !== 'float32') return original(args);
    const info = tf.backend_util.computeConv2DInfo(
      attrs.inputShape,
      filter.shape as [number, number, number, number],
      attrs.strides,
      1,
      attrs.pad,
      attrs.dimRoundingMode,
      false,
      'channelsLast',
    );
    const rows = info.batchSize * info.outHeight * info.outWidth;
    const rowSize = info.filterHeight * info.filterWidth * info.inChannels;
    const cols = batchMatMul({
      inputs: {
        a: { dataId: dy.dataId, shape: [rows, info.outChannels], dtype: 'float32' },
        b: { dataId: filter.dataId, shape: [rowSize, info.outChannels], dtype: 'float32' },
      },
      backend: args.backend,
      attrs: { transposeA: false, transposeB: true },
    }) as tf.TensorInfo;
    const wasm = new WasmBackendView(args.backend);
    const dx = wasm.makeOutput(info.inShape as number[]);
    col2im(wasm.elements(cols) as Float32Array, wasm.elements(dx) as Float32Array, info);
    wasm.dispose(cols);
    return dx;
  };
}
