import { join } from '../../../src/engine/model/joiner';
import { disposeParams, initParams } from '../../../src/engine/model/params';
import { predict } from '../../../src/engine/model/predictor';
import { rnntBatchLoss } from '../../../src/engine/model/rnnt-model';
import { tf } from '../../../src/engine/tf';
import { padBatch, randomFeatures, tinyConfig, twoUtteranceBatch, useBackend } from './fixtures';

const values = (t: tf.Tensor): number[] => Array.from(t.dataSync());
const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

describe('predictor and joiner', () => {
  beforeAll(async () => useBackend('cpu'));

  it('stateless predictor = ReLU of the depthwise conv over the last 2 embeddings (hand oracle)', () => {
    const config = tinyConfig();
    const params = initParams(config, 2);
    const E = config.predictor.embeddingDim;
    const table = values(params.get('predictor.embedding.weight')!);
    const w = values(params.get('predictor.conv.weight')!);
    const tokens = [5, 3, 9];
    const out = tf.tidy(() => values(predict(config, params, tf.tensor2d([tokens], [1, 3], 'int32'))));
    const history = [0, 0, ...tokens]; // blank-padded, blank as start symbol
    for (let u = 0; u <= tokens.length; u++) {
      for (let e = 0; e < E; e++) {
        const v = w[e] * table[history[u] * E + e] + w[E + e] * table[history[u + 1] * E + e];
        expect(out[u * E + e]).toBeCloseTo(Math.max(0, v), 5);
      }
    }
    disposeParams(params);
  });

  it('LSTM predictor matches a hand-written LSTM', () => {
    const config = tinyConfig({
      predictor: { kind: 'lstm', context: 2, embeddingDim: 6, hiddenDim: 5, layers: 1 },
    });
    const params = initParams(config, 3);
    const H = 5;
    const E = 6;
    const table = values(params.get('predictor.embedding.weight')!);
    const wih = values(params.get('predictor.lstm.0.w_ih')!);
    const whh = values(params.get('predictor.lstm.0.w_hh')!);
    const bias = values(params.get('predictor.lstm.0.bias')!);
    const tokens = [4, 7];
    const out = tf.tidy(() => values(predict(config, params, tf.tensor2d([tokens], [1, 2], 'int32'))));
    let h = new Array<number>(H).fill(0);
    let c = new Array<number>(H).fill(0);
    [0, ...tokens].forEach((token, u) => {
      const gates = Array.from({ length: 4 * H }, (_, g) => {
        let s = bias[g];
        for (let e = 0; e < E; e++) s += table[token * E + e] * wih[e * 4 * H + g];
        for (let k = 0; k < H; k++) s += h[k] * whh[k * 4 * H + g];
        return s;
      });
      c = c.map((cv, k) => sigmoid(gates[H + k]) * cv + sigmoid(gates[k]) * Math.tanh(gates[2 * H + k]));
      h = c.map((cv, k) => sigmoid(gates[3 * H + k]) * Math.tanh(cv));
      h.forEach((hv, k) => expect(out[u * H + k]).toBeCloseTo(hv, 5));
    });
    disposeParams(params);
  });

  it('joiner = linear(tanh(linear(enc) + linear(pred))) (hand oracle)', () => {
    const config = tinyConfig({
      dModel: 4,
      heads: 2,
      joinerDim: 3,
      vocabSize: 2,
      predictor: { kind: 'stateless', context: 2, embeddingDim: 2 },
    });
    const params = initParams(config, 4);
    const enc = [0.3, -0.2, 0.5, 1.0];
    const pred = [0.7, -0.4];
    const out = tf.tidy(() =>
      values(join(params, tf.tensor3d(enc, [1, 1, 4]), tf.tensor3d(pred, [1, 1, 2]))),
    );
    const lin = (x: number[], name: string, outDim: number): number[] => {
      const w = values(params.get(`${name}.weight`)!);
      const b = values(params.get(`${name}.bias`)!);
      return Array.from({ length: outDim }, (_, j) =>
        x.reduce((s, xi, i) => s + xi * w[i * outDim + j], b[j]),
      );
    };
    const e = lin(enc, 'joiner.enc_proj', 3);
    const p = lin(pred, 'joiner.pred_proj', 3);
    const expected = lin(
      e.map((v, j) => Math.tanh(v + p[j])),
      'joiner.out',
      2,
    );
    expected.forEach((v, k) => expect(out[k]).toBeCloseTo(v, 5));
    disposeParams(params);
  });

  it('loss gradients match central finite differences through the whole model', () => {
    const config = tinyConfig({ lookAhead: 1, convModule: true, convKernel: 3, vocabSize: 6 });
    const params = initParams(config, 9);
    const feats = [randomFeatures(40, 80, 1), randomFeatures(33, 80, 2)];
    const batch = {
      features: padBatch(feats, 80),
      featureLengths: [40, 33],
      targets: tf.tensor2d(
        [
          [1, 2, 3],
          [4, 5, 0],
        ],
        [2, 3],
        'int32',
      ),
      targetLengths: [3, 2],
    };
    const lossOf = (): number => tf.tidy(() => rnntBatchLoss(config, params, batch).dataSync()[0]);
    const names = [
      'encoder.subsampling.conv2.weight',
      'encoder.layers.0.attn.wq.weight',
      'encoder.layers.1.conv.depthwise.weight',
      'encoder.layers.1.ffn.w2.weight',
      'predictor.embedding.weight',
      'predictor.conv.weight',
      'joiner.out.weight',
    ];
    const vars = names.map((n) => params.get(n)!);
    const { grads } = tf.variableGrads(() => rnntBatchLoss(config, params, batch) as tf.Scalar, vars);
    for (const v of vars) {
      const g = values(grads[v.name]);
      const index = g.reduce((best, x, i) => (Math.abs(x) > Math.abs(g[best]) ? i : best), 0);
      const original = v.dataSync().slice();
      const eps = 1e-2;
      const at = (delta: number): number => {
        const changed = original.slice();
        changed[index] += delta;
        v.assign(tf.tensor(changed, v.shape));
        return lossOf();
      };
      const numeric = (at(eps) - at(-eps)) / (2 * eps);
      v.assign(tf.tensor(original, v.shape));
      expect(Math.abs(numeric - g[index])).toBeLessThan(0.03 * Math.abs(g[index]) + 2e-3);
    }
    Object.values(grads).forEach((g) => g.dispose());
    tf.dispose([batch.features, batch.targets]);
    disposeParams(params);
  });

  it('band-limited loss equals the full loss when the band covers every label, and bounds it otherwise', () => {
    const config = tinyConfig({ vocabSize: 6 });
    const params = initParams(config, 10);
    const batch = twoUtteranceBatch();
    const variable = params.get('joiner.enc_proj.weight')!;
    const run = (band?: number) =>
      tf.variableGrads(() => rnntBatchLoss(config, params, batch, { band }) as tf.Scalar, [variable]);
    const full = run();
    const covering = run(5);
    expect(covering.value.dataSync()[0]).toBeCloseTo(full.value.dataSync()[0], 4);
    const g1 = full.grads[variable.name].dataSync();
    const g2 = covering.grads[variable.name].dataSync();
    g1.forEach((g, i) => expect(Math.abs(g - g2[i])).toBeLessThan(1e-4));
    const narrow = tf.tidy(() => rnntBatchLoss(config, params, batch, { band: 2 }).dataSync()[0]);
    expect(narrow).toBeGreaterThanOrEqual(full.value.dataSync()[0] - 1e-4);
    tf.dispose([
      batch.features,
      batch.targets,
      full.value,
      covering.value,
      ...Object.values(full.grads),
      ...Object.values(covering.grads),
    ]);
    disposeParams(params);
  });
});
