/**
 * UnsortedSegmentSum for the wasm backend, which has none (tf.gather's gradient needs it, so any
 * embedding lookup fails to train on stock wasm). TensorFlow semantics: out[s, ...] is the sum of
 * the x rows whose segment id is s; ids outside [0, numSegments) are dropped. The segment ids may
 * have any rank r; they index the first r axes of x.
 */
import type { tf } from '../tf';
import { WasmBackendView } from './wasm-internals';

export function unsortedSegmentSumKernel({
  inputs,
  backend,
  attrs,
}: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
  const x = inputs.x;
  const segmentIds = inputs.segmentIds;
  if (!x || !segmentIds) throw new Error('engine kernels: UnsortedSegmentSum needs inputs x and segmentIds');
  const numSegments = (attrs as { numSegments: number }).numSegments;
  const idRank = segmentIds.shape.length;
  if (segmentIds.shape.some((dim, axis) => dim !== x.shape[axis])) {
    throw new Error(
      `UnsortedSegmentSum: segmentIds shape [${segmentIds.shape}] must be a prefix of x shape [${x.shape}]`,
    );
  }
  const wasm = new WasmBackendView(backend);
  const out = wasm.makeOutput([numSegments, ...x.shape.slice(idRank)], x.dtype);
  const values = wasm.elements(x);
  const sums = wasm.elements(out);
  const ids = wasm.elements(segmentIds);
  const inner = ids.length === 0 ? 0 : values.length / ids.length;
  sums.fill(0);
  for (let row = 0; row < ids.length; row++) {
    const segment = ids[row];
    if (segment < 0 || segment >= numSegments) continue;
    const from = row * inner;
    const to = segment * inner;
    for (let j = 0; j < inner; j++) sums[to + j] += values[from + j];
  }
  return out;
}
