import type { RnntConfig } from '../../../src/engine/model/config';
import { encode } from '../../../src/engine/model/encoder';
import { disposeParams, initParams } from '../../../src/engine/model/params';
import { StreamingEncoder } from '../../../src/engine/model/streaming-encoder';
import { subsamplingGeometry, subsampledLength } from '../../../src/engine/model/subsampling';
import { tf } from '../../../src/engine/tf';
import { padBatch, randomFeatures, tinyConfig, useBackend } from './fixtures';

const DIM = 80;

function encodeOne(config: RnntConfig, params: Map<string, tf.Variable>, feats: Float32Array): Float32Array {
  return tf.tidy(() => {
    const frames = feats.length / DIM;
    return encode(config, params, tf.tensor3d(feats, [1, frames, DIM]), [
      frames,
    ]).output.dataSync() as Float32Array;
  });
}

/** Encoder frames whose output differs (beyond 1e-5) between two encodings [T' · d]. */
function changedFrames(a: Float32Array, b: Float32Array, d: number): number[] {
  const out: number[] = [];
  for (let t = 0; t < a.length / d; t++) {
    let diff = 0;
    for (let i = 0; i < d; i++) diff = Math.max(diff, Math.abs(a[t * d + i] - b[t * d + i]));
    if (diff > 1e-5) out.push(t);
  }
  return out;
}

describe.each(['cpu', 'wasm'])('streaming encoder on %s', (backend) => {
  beforeAll(async () => useBackend(backend));

  it('sees its segment and the look-ahead, never later frames (perturbation oracle)', () => {
    const config = tinyConfig({ segmentLength: 3, leftContext: 1, lookAhead: 2 });
    const params = initParams(config, 3);
    const { stride, receptiveField } = subsamplingGeometry(config.subsampling);
    const inputFrames = 120;
    const base = randomFeatures(inputFrames, DIM, 1);
    const frames = subsampledLength(inputFrames, config.subsampling);
    const reference = encodeOne(config, params, base);
    for (const cut of [6, 10, 13]) {
      // change every input frame that feeds encoder frames ≥ cut and no earlier one
      const changed = base.slice();
      const firstInput = stride * (cut - 1) + receptiveField;
      for (let i = firstInput * DIM; i < changed.length; i++) changed[i] += 1;
      const got = changedFrames(reference, encodeOne(config, params, changed), config.dModel);
      const expected: number[] = [];
      for (let t = 0; t < frames; t++) {
        const segmentEnd = (Math.floor(t / config.segmentLength) + 1) * config.segmentLength;
        if (segmentEnd + config.lookAhead > cut) expected.push(t);
      }
      expect(got).toEqual(expected);
    }
    disposeParams(params);
  });

  it('reaches back leftContext segments per layer, no further', () => {
    const config = tinyConfig({ segmentLength: 2, leftContext: 1, lookAhead: 0, layers: 2 });
    const params = initParams(config, 4);
    const { stride } = subsamplingGeometry(config.subsampling);
    const base = randomFeatures(100, DIM, 2);
    const reference = encodeOne(config, params, base);
    const early = 3; // perturb inputs feeding encoder frames 0 … early-1 only
    const changed = base.slice();
    for (let i = 0; i < stride * early * DIM; i++) changed[i] += 1;
    const got = changedFrames(reference, encodeOne(config, params, changed), config.dModel);
    const reach = config.layers * config.leftContext;
    const expected: number[] = [];
    for (let t = 0; t < reference.length / config.dModel; t++) {
      const firstVisible = (Math.floor(t / config.segmentLength) - reach) * config.segmentLength;
      if (firstVisible < early) expected.push(t);
    }
    expect(got).toEqual(expected);
    disposeParams(params);
  });

  const variants: [string, Partial<RnntConfig>][] = [
    ['chunk mask (demo style)', { segmentLength: 4, leftContext: 2, lookAhead: 0 }],
    [
      'look-ahead + conv module',
      { segmentLength: 3, leftContext: 1, lookAhead: 2, convModule: true, convKernel: 3 },
    ],
    ['×6 subsampling, no left context', { subsampling: 6, segmentLength: 2, leftContext: 0, lookAhead: 1 }],
  ];
  it.each(variants)('streaming equals whole-utterance encoding: %s', (_name, overrides) => {
    const config = tinyConfig(overrides);
    const params = initParams(config, 5);
    const feats = randomFeatures(97, DIM, 3);
    const full = encodeOne(config, params, feats);
    const before = tf.memory().numTensors;
    const stream = new StreamingEncoder(config, params);
    const pieces: Float32Array[] = [];
    const collect = (out: tf.Tensor | null): void => {
      if (!out) return;
      pieces.push(out.dataSync() as Float32Array);
      out.dispose();
    };
    const sizes = [1, 7, 13, 2, 30, 5, 11];
    let at = 0;
    for (let i = 0; at < 97; i++) {
      const n = Math.min(sizes[i % sizes.length], 97 - at);
      collect(stream.push(feats.subarray(at * DIM, (at + n) * DIM)));
      at += n;
    }
    collect(stream.finish());
    stream.dispose();
    expect(tf.memory().numTensors).toBe(before);
    const streamed = Float32Array.from(pieces.flatMap((p) => Array.from(p)));
    expect(streamed.length).toBe(full.length);
    let maxDiff = 0;
    for (let i = 0; i < full.length; i++) maxDiff = Math.max(maxDiff, Math.abs(full[i] - streamed[i]));
    expect(maxDiff).toBeLessThan(1e-4);
    disposeParams(params);
  });

  it('gives each utterance of a padded batch its own result', () => {
    const config = tinyConfig({ lookAhead: 1, convModule: true, convKernel: 3 });
    const params = initParams(config, 6);
    const a = randomFeatures(61, DIM, 4);
    const b = randomFeatures(90, DIM, 5);
    const batched = tf.tidy(() => {
      const { output, lengths } = encode(config, params, padBatch([a, b], DIM), [61, 90]);
      expect(lengths).toEqual([subsampledLength(61, 4), subsampledLength(90, 4)]);
      return output.arraySync();
    });
    [a, b].forEach((feats, i) => {
      const alone = encodeOne(config, params, feats);
      const rows = alone.length / config.dModel;
      const fromBatch = batched[i].slice(0, rows).flat();
      alone.forEach((v, k) => expect(Math.abs(v - fromBatch[k])).toBeLessThan(1e-4));
    });
    disposeParams(params);
  });

  it('rejects features of the wrong width and utterances over the cap', () => {
    const config = tinyConfig({ maxFrames: 10 });
    const params = initParams(config, 1);
    tf.tidy(() => {
      expect(() => encode(config, params, tf.zeros([1, 50, 40]), [50])).toThrow(/inputDim/);
      expect(() => encode(config, params, tf.zeros([1, 200, 80]), [200])).toThrow(/maxFrames/);
    });
    disposeParams(params);
  });
});
