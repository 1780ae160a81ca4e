/**
 * Conv2DBackpropFilter (the filter gradient of conv2d), which the wasm backend lacks: the input
 * patches are gathered into columns (im2col, [rows, kh·kw·inChannels]) and the gradient is the
 * product colsᵀ · dy [rows, outChannels] through the BatchMatMul kernel. Channels-last only.
 */
import { tf } from '../tf';
import { WasmBackendView } from './wasm-internals';

interface BackpropFilterAttrs {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape: [number, number, number, number];
}

/** Gather each output position's input patch into one row (zeros where the patch hangs over the padding). */
function im2col(x: Float32Array, cols: Float32Array, info: tf.backend_util.Conv2DInfo): void {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, filterHeight, filterWidth } = info;
  const { strideHeight, strideWidth } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const rowSize = filterHeight * filterWidth * inChannels;
  let row = 0;
  for (let n = 0; n < batchSize; n++) {
    for (let oh = 0; oh < outHeight; oh++) {
      for (let ow = 0; ow < outWidth; ow++, row++) {
        for (let i = 0; i < filterHeight; i++) {
          const ih = oh * strideHeight - top + i;
          for (let j = 0; j < filterWidth; j++) {
            const iw = ow * strideWidth - left + j;
            const dst = row * rowSize + (i * filterWidth + j) * inChannels;
            if (ih < 0 || ih >= inHeight || iw < 0 || iw >= inWidth) {
              cols.fill(0, dst, dst + inChannels);
              continue;
            }
            const src = ((n * inHeight + ih) * inWidth + iw) * inChannels;
            for (let c = 0; c < inChannels; c++) cols[dst + c] = x[src + c];
          }
        }
      }
    }
  }
}

/** A Conv2DBackpropFilter kernel function using `batchMatMul` (the engine's) for the product. */
export function makeConv2DBackpropFilterKernel(batchMatMul: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { x, dy } = args.inputs;
    const attrs = args.attrs as unknown as BackpropFilterAttrs;
    if (!x || !dy) throw new Error('engine kernels: Conv2DBackpropFilter needs inputs x and dy');
    if (attrs.dataFormat !== 'NHWC' || x.dtype !== 'float32') {
      throw new Error(
        `Conv2DBackpropFilter on wasm supports float32 NHWC only, got ${x.dtype} ${attrs.dataFormat}`,
      );
    }
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      attrs.filterShape,
      attrs.strides,
      1,
      attrs.pad,
      attrs.dimRoundingMode,
      false,
      'channelsLast',
    );
    const rows = info.batchSize * info.outHeight * info.outWidth;
    const rowSize = info.filterHeight * info.filterWidth * info.inChannels;
    const wasm = new WasmBackendView(args.backend);
    const cols = wasm.makeOutput([rows, rowSize]);
    im2col(wasm.elements(x) as Float32Array, wasm.elements(cols) as Float32Array, info);
    const product = batchMatMul({
      inputs: { a: cols, b: { dataId: dy.dataId, shape: [rows, info.outChannels], dtype: 'float32' } },
      backend: args.backend,
      attrs: { transposeA: true, transposeB: false },
    }) as tf.TensorInfo;
    wasm.dispose(cols);
    return { dataId: product.dataId, shape: [...attrs.filterShape], dtype: 'float32' };
  };
}
