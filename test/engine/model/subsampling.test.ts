import { linear } from '../../../src/engine/model/layers';
import { disposeParams, initParams } from '../../../src/engine/model/params';
import { subsample, subsampledLength } from '../../../src/engine/model/subsampling';
import { tf } from '../../../src/engine/tf';
import { randomFeatures, tinyConfig, useBackend } from './fixtures';

describe.each(['cpu', 'wasm'])('convolutional subsampling on %s', (backend) => {
  beforeAll(async () => useBackend(backend));

  it.each([4, 6] as const)(
    '×%i equals two tf.conv2d layers (tf.conv2d oracle) and has the documented length',
    (factor) => {
      const config = tinyConfig({ subsampling: factor });
      const params = initParams(config, 12);
      for (const frames of [factor === 4 ? 7 : 11, 30, 41]) {
        const feats = tf.tensor3d(randomFeatures(frames, 80, frames), [1, frames, 80]);
        const [ours, reference] = tf.tidy(() => {
          const w = (n: string) => params.get(`encoder.subsampling.${n}`)!;
          let x = tf.expandDims(feats, 3) as tf.Tensor4D;
          x = tf.relu(
            tf.add(tf.conv2d(x, w('conv1.weight') as tf.Tensor4D, 2, 'valid'), w('conv1.bias')),
          ) as tf.Tensor4D;
          x = tf.relu(
            tf.add(
              tf.conv2d(x, w('conv2.weight') as tf.Tensor4D, factor === 4 ? 2 : 3, 'valid'),
              w('conv2.bias'),
            ),
          ) as tf.Tensor4D;
          const [, t, f, c] = x.shape;
          expect(t).toBe(subsampledLength(frames, factor));
          const expected = linear(params, 'encoder.subsampling.out', tf.reshape(x, [1, t, f * c]));
          return [subsample(config, params, feats).dataSync(), expected.dataSync()];
        });
        expect(ours.length).toBe(reference.length);
        ours.forEach((v, i) => expect(Math.abs(v - reference[i])).toBeLessThan(1e-4));
        feats.dispose();
      }
      disposeParams(params);
    },
  );
});

describe('subsampling gradients on wasm (engine Conv2DBackpropFilter) against the cpu backend', () => {
  afterAll(async () => useBackend('cpu'));

  it.each([4, 6] as const)('×%i filter gradients equal the tfjs cpu conv2d gradients', async (factor) => {
    await useBackend('cpu');
    const config = tinyConfig({ subsampling: factor });
    const params = initParams(config, 13);
    const feats = tf.tensor3d(randomFeatures(37, 80, 3), [1, 37, 80]);
    const names = ['encoder.subsampling.conv1.weight', 'encoder.subsampling.conv2.weight'];
    const vars = names.map((n) => params.get(n)!);
    const reference = tf.variableGrads(() => {
      const w = (n: string) => params.get(`encoder.subsampling.${n}`)!;
      let x = tf.expandDims(feats, 3) as tf.Tensor4D;
      x = tf.relu(
        tf.add(tf.conv2d(x, w('conv1.weight') as tf.Tensor4D, 2, 'valid'), w('conv1.bias')),
      ) as tf.Tensor4D;
      x = tf.relu(
        tf.add(
          tf.conv2d(x, w('conv2.weight') as tf.Tensor4D, factor === 4 ? 2 : 3, 'valid'),
          w('conv2.bias'),
        ),
      ) as tf.Tensor4D;
      const [, t, f, c] = x.shape;
      return tf.sum(
        tf.square(linear(params, 'encoder.subsampling.out', tf.reshape(x, [1, t, f * c]))),
      ) as tf.Scalar;
    }, vars);
    const expected = vars.map((v) => reference.grads[v.name].dataSync());
    await useBackend('wasm');
    const ours = tf.variableGrads(
      () => tf.sum(tf.square(subsample(config, params, feats))) as tf.Scalar,
      vars,
    );
    vars.forEach((v, k) => {
      const a = ours.grads[v.name].dataSync();
      const scale = Math.max(...Array.from(expected[k], Math.abs));
      a.forEach((x, i) => expect(Math.abs(x - expected[k][i])).toBeLessThan(1e-4 * scale));
    });
    tf.dispose([
      ours.value,
      reference.value,
      feats,
      ...Object.values(ours.grads),
      ...Object.values(reference.grads),
    ]);
    disposeParams(params);
  });
});
