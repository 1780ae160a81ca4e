import { multiHeadAttention } from '../../../src/engine/model/attention';
import { attentionBias, fullLayout } from '../../../src/engine/model/layout';
import { disposeParams, initParams } from '../../../src/engine/model/params';
import { segmentAttention, segmentWindows } from '../../../src/engine/model/segment-attention';
import { tf } from '../../../src/engine/tf';
import { randomFeatures, tinyConfig, useBackend } from './fixtures';

const NAME = 'encoder.layers.0.attn';

describe.each(['cpu', 'wasm'])('segment-wise attention on %s', (backend) => {
  beforeAll(async () => useBackend(backend));
  afterAll(async () => useBackend('cpu'));

  it.each([
    { segment: 4, left: 1, frames: 13, lengths: [13, 9] },
    { segment: 3, left: 2, frames: 12, lengths: [5, 12] },
    { segment: 8, left: 0, frames: 8, lengths: [8, 1] },
  ])(
    'equals full attention under the streaming mask on every valid frame, forward and gradients ($segment/$left)',
    ({ segment, left, frames, lengths }) => {
      const config = tinyConfig({ segmentLength: segment, leftContext: left, lookAhead: 0 });
      const params = initParams(config, 21);
      const dim = config.dModel;
      const batch = lengths.length;
      const x = tf.tensor3d(randomFeatures(batch * frames, dim, 7), [batch, frames, dim]);
      // Weights of the valid frames only: padded frames' outputs are unspecified.
      const weights = new Float32Array(batch * frames * dim);
      const upstream = randomFeatures(batch * frames, dim, 8);
      lengths.forEach((length, b) => {
        for (let i = b * frames * dim; i < (b * frames + length) * dim; i++) weights[i] = upstream[i];
      });
      const w = tf.tensor3d(weights, [batch, frames, dim]);
      const rows = fullLayout(frames, segment, 0);
      const bias = tf.tensor3d(attentionBias(rows, rows, lengths, left), [batch, frames, frames]);
      const windows = segmentWindows(frames, lengths, segment, left);
      const names = [`${NAME}.wq.weight`, `${NAME}.wk.weight`, `${NAME}.wv.weight`, `${NAME}.wo.weight`];
      const vars = names.map((n) => params.get(n)!);
      const run = (f: (input: tf.Tensor) => tf.Tensor) => {
        const dx = tf.grad((input: tf.Tensor) => tf.sum(tf.mul(f(input), w)))(x);
        const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(f(x), w)) as tf.Scalar, vars);
        const out = [
          value.dataSync()[0],
          Array.from(dx.dataSync()),
          ...vars.map((v) => Array.from(grads[v.name].dataSync())),
        ] as const;
        tf.dispose([dx, value, ...Object.values(grads)]);
        return out;
      };
      const full = run((input) => multiHeadAttention(params, NAME, input, input, bias, config.heads));
      const ours = run((input) => segmentAttention(params, NAME, input, windows, config.heads));
      expect(ours[0]).toBeCloseTo(full[0], 3);
      for (let k = 1; k < full.length; k++) {
        const expected = full[k] as number[];
        const actual = ours[k] as number[];
        const scale = Math.max(...expected.map(Math.abs));
        expect(scale).toBeGreaterThan(0);
        actual.forEach((a, i) => expect(Math.abs(a - expected[i])).toBeLessThan(1e-4 * scale));
      }
      tf.dispose([x, w, bias, windows.bias]);
      disposeParams(params);
    },
  );
});
