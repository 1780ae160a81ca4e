import { tf } from '../tf';
import { blockForward } from './block';
import type { RnntConfig } from './config';
import { dims, layerNorm, NO_DROPOUT } from './layers';
import { attentionBias, convTaps, segmentLayout, type EncoderRow } from './layout';
import type { ParamSource } from './params';
import { subsample, subsampledLength, subsamplingGeometry } from './subsampling';

/**
 * Encodes an utterance fed in arbitrary pieces of feature frames, emitting each segment as soon as
 * its look-ahead has arrived. Carries the unconsumed feature frames, the subsampled frames not yet
 * encoded and, per layer, the layer inputs of the last `leftContext` segments (the keys/values
 * source). Produces the same frames as `encode` on the whole utterance (up to float rounding).
 */
export class StreamingEncoder {
  private features = new Float32Array(0);
  /** Absolute index of the first buffered feature frame. */
  private featureOffset = 0;
  private subsampledFrames = 0;
  /** Subsampled frames from segment `segment` on, not yet encoded: [1, n, d]. */
  private pending: tf.Tensor | null = null;
  private readonly caches: (tf.Tensor | null)[];
  private segment = 0;
  private finished = false;

  constructor(
    private readonly config: RnntConfig,
    private readonly params: ParamSource,
  ) {
    this.caches = new Array<tf.Tensor | null>(config.layers).fill(null);
  }

  /** Encoder frames emitted so far. */
  get emittedFrames(): number {
    return Math.min(this.segment * this.config.segmentLength, this.subsampledFrames);
  }

  /** Add `frames.length / inputDim` feature frames; returns newly final encoder frames [n, d] or null. */
  push(frames: Float32Array): tf.Tensor2D | null {
    if (this.finished) throw new Error('StreamingEncoder: push after finish');
    const dim = this.config.inputDim;
    if (frames.length % dim !== 0)
      throw new Error(`feature piece of ${frames.length} values is not a multiple of inputDim ${dim}`);
    const merged = new Float32Array(this.features.length + frames.length);
    merged.set(this.features);
    merged.set(frames, this.features.length);
    this.features = merged;
    this.subsampleAvailable();
    return this.emit(false);
  }

  /** End of input: encode whatever remains (last partial segment, truncated look-ahead). */
  finish(): tf.Tensor2D | null {
    if (this.finished) return null;
    this.finished = true;
    return this.emit(true);
  }

  dispose(): void {
    this.pending?.dispose();
    this.pending = null;
    this.caches.forEach((c, i) => {
      c?.dispose();
      this.caches[i] = null;
    });
  }

  private subsampleAvailable(): void {
    const { inputDim, subsampling } = this.config;
    const { stride } = subsamplingGeometry(subsampling);
    const available = this.featureOffset + this.features.length / inputDim;
    const total = subsampledLength(available, subsampling);
    if (total <= this.subsampledFrames) return;
    const from = stride * this.subsampledFrames - this.featureOffset;
    const window = this.features.subarray(from * inputDim);
    const fresh = tf.tidy(() => {
      const out = subsample(
        this.config,
        this.params,
        tf.tensor3d(window, [1, window.length / inputDim, inputDim]),
      );
      const kept = tf.slice(out, [0, 0, 0], [1, total - this.subsampledFrames, this.config.dModel]);
      return this.pending ? tf.concat([this.pending, kept], 1) : kept;
    });
    this.pending?.dispose();
    this.pending = fresh;
    this.features = this.features.slice((stride * total - this.featureOffset) * inputDim);
    this.featureOffset = stride * total;
    this.subsampledFrames = total;
  }

  private emit(final: boolean): tf.Tensor2D | null {
    const { segmentLength, lookAhead } = this.config;
    const outputs: tf.Tensor2D[] = [];
    for (;;) {
      const available = this.pending ? dims(this.pending)[1] : 0;
      if (available === 0 || (!final && available < segmentLength + lookAhead)) break;
      const main = Math.min(segmentLength, available);
      const rc = Math.min(lookAhead, available - main);
      outputs.push(this.encodeSegment(main, rc));
    }
    if (outputs.length === 0) return null;
    const joined = tf.concat(outputs, 0);
    outputs.forEach((o) => o.dispose());
    return joined;
  }

  private cacheRows(layerCache: tf.Tensor | null): EncoderRow[] {
    const count = layerCache ? dims(layerCache)[1] : 0;
    const start = this.segment * this.config.segmentLength - count;
    return Array.from({ length: count }, (_, i) => {
      const frame = start + i;
      const segment = Math.floor(frame / this.config.segmentLength);
      return { segment, kind: 'main' as const, frame, pos: frame % this.config.segmentLength };
    });
  }

  private encodeSegment(main: number, rc: number): tf.Tensor2D {
    const { config, params } = this;
    const pending = this.pending!;
    const dim = config.dModel;
    const rows = segmentLayout(this.segment, config.segmentLength, main, rc);
    const keep = config.leftContext * config.segmentLength;
    const nextCaches: (tf.Tensor | null)[] = [];
    const output = tf.tidy(() => {
      const parts = [tf.slice(pending, [0, 0, 0], [1, main, dim])];
      if (rc > 0) parts.push(tf.slice(pending, [0, config.segmentLength, 0], [1, rc, dim]));
      let x = parts.length > 1 ? tf.concat(parts, 1) : parts[0];
      const taps = config.convModule ? tf.tensor1d(convTaps(rows, config.convKernel), 'int32') : undefined;
      for (let layer = 0; layer < config.layers; layer++) {
        const memory = this.caches[layer];
        const keys = [...this.cacheRows(memory), ...rows];
        const bias = tf.tensor3d(attentionBias(rows, keys, [Number.MAX_SAFE_INTEGER], config.leftContext), [
          1,
          rows.length,
          keys.length,
        ]);
        const layerInput = tf.slice(x, [0, 0, 0], [1, main, dim]);
        const history = memory ? tf.concat([memory, layerInput], 1) : layerInput;
        const trimmed =
          dims(history)[1] > keep
            ? tf.slice(history, [0, dims(history)[1] - keep, 0], [1, keep, dim])
            : history;
        nextCaches.push(keep > 0 ? tf.keep(trimmed) : null);
        x = blockForward(config, params, layer, { x, memory: memory ?? undefined, bias, taps }, NO_DROPOUT);
      }
      const out = layerNorm(params, 'encoder.final_norm', tf.slice(x, [0, 0, 0], [1, main, dim]));
      return tf.reshape(out, [main, dim]) as tf.Tensor2D;
    });
    this.caches.forEach((c, i) => {
      c?.dispose();
      this.caches[i] = nextCaches[i];
    });
    const rest = dims(pending)[1] - main;
    this.pending = rest > 0 ? tf.slice(pending, [0, main, 0], [1, rest, dim]) : null;
    pending.dispose();
    this.segment += 1;
    return output;
  }
}
