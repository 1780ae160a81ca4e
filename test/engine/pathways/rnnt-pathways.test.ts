import { tf } from '../../../src/engine/tf';
import { initParams, presetConfig, rnntBatchLoss, rnntLogits } from '../../../src/engine/model';
import type { ParamMap, RnntBatch } from '../../../src/engine/model';
import { AdamW } from '../../../src/engine/train/adamw';
import { PathwayTrainer } from '../../../src/engine/pathways/trainer';
import { applyMask } from '../../../src/engine/pathways/apply-mask';
import { MaskSet } from '../../../src/engine/prune/mask-set';
import { magnitudePrune, readMasked } from '../../../src/engine/prune/magnitude';
import { randomMaskSet } from '../../../src/engine/prune/random-mask';
import { selectPrunable } from '../../../src/engine/prune/prunable';
import { shapesOf } from '../../../src/engine/prune/param-map';
import { SeededRandom } from '../../../src/engine/model/random';
import { useTestBackend } from '../../helpers/backend';

/** Pathways on the real streaming RNN-T (tiny preset): default prunable set and exactness end to end. */
const config = presetConfig('tiny');
let params: ParamMap;
let batch: RnntBatch;

beforeAll(async () => {
  await useTestBackend();
  params = initParams(config, 3);
  const random = new SeededRandom(4);
  batch = {
    features: tf.tensor3d(
      Float32Array.from({ length: 2 * 40 * 80 }, () => random.normal()),
      [2, 40, 80],
    ),
    featureLengths: [40, 32],
    targets: tf.tensor2d([3, 7, 2, 5, 9, 0], [2, 3], 'int32'),
    targetLengths: [3, 2],
  };
});

afterAll(() => params.forEach((v) => v.dispose()));

const loss = (p: ReadonlyMap<string, tf.Tensor>, b: RnntBatch) => rnntBatchLoss(config, p, b) as tf.Scalar;

describe('pathways on the RNN-T model', () => {
  it('the default prunable set is the weight matrices and convolutions, not biases, norms, embeddings', async () => {
    const names = selectPrunable(shapesOf(params));
    expect(names).toContain('encoder.layers.0.attn.wq.weight');
    expect(names).toContain('encoder.layers.1.ffn.w2.weight');
    expect(names).toContain('encoder.subsampling.conv2.weight');
    expect(names).toContain('predictor.conv.weight');
    expect(names).toContain('joiner.out.weight');
    expect(names.filter((n) => /bias|norm|embedding/.test(n))).toEqual([]);
    const rest = [...params.keys()].filter((n) => !names.includes(n));
    expect(rest.every((n) => /bias|norm|embedding/.test(n))).toBe(true);
  });

  it('a language-l step leaves weights outside m_l and their AdamW moments bit-for-bit unchanged', async () => {
    const prunable = new Map(selectPrunable(shapesOf(params)).map((n) => [n, [...params.get(n)!.shape]]));
    const lap = magnitudePrune(await readMasked(params, MaskSet.full(prunable)), { sparsity: 0.7 });
    const masks = new Map([
      ['en', lap],
      ['fr', randomMaskSet(prunable, 0.7, 9)],
    ]);
    const optimizer = new AdamW(params, { weightDecay: 0.01 });
    const trainer = new PathwayTrainer<RnntBatch>({ params, masks, loss, optimizer });
    await trainer.step(
      [
        { language: 'en', batch, share: 0.5 },
        { language: 'fr', batch, share: 0.5 },
      ],
      { lr: 1e-3 },
    );
    const copy = (m: ReadonlyMap<string, tf.Tensor>) =>
      new Map([...m].map(([n, t]) => [n, Float32Array.from(t.dataSync())]));
    const copyState = async () =>
      new Map([...(await optimizer.exportState())].map(([n, t]) => [n, Float32Array.from(t.data)]));
    const before = copy(params);
    const state = await copyState();
    const { losses } = await trainer.step([{ language: 'en', batch, share: 1 }], { lr: 1e-3 });
    expect(Number.isFinite(losses.get('en'))).toBe(true);
    const after = copy(params);
    const stateAfter = await copyState();
    const union = trainer.union();
    const name0 = lap.names()[0];
    expect(after.get(name0)!.length).toBe(lap.get(name0).data.length);
    let checked = 0;
    const changed: string[] = [];
    for (const [name, m] of lap.masks) {
      const u = union.get(name).data;
      const [p0, p1] = [before.get(name)!, after.get(name)!];
      const [m0, m1] = [state.get(`optimizer.m.${name}`)!, stateAfter.get(`optimizer.m.${name}`)!];
      const [v0, v1] = [state.get(`optimizer.v.${name}`)!, stateAfter.get(`optimizer.v.${name}`)!];
      m.data.forEach((keep, i) => {
        if (keep) return;
        checked++;
        if (!Object.is(p0[i], p1[i]) || !Object.is(m0[i], m1[i]) || !Object.is(v0[i], v1[i]))
          changed.push(`${name}[${i}]`);
        if (!u[i] && !Object.is(p1[i], 0)) changed.push(`${name}[${i}] outside the union is ${p1[i]}`);
      });
    }
    expect(changed).toEqual([]);
    expect(checked).toBe(lap.count().total - lap.count().kept);
    expect(after.get(name0)!.length).toBe(before.get(name0)!.length);
    expect(after.get('joiner.out.bias')).not.toEqual(before.get('joiner.out.bias'));

    // decoding English with θ ⊙ m_en ignores a weight that only French uses
    const logits = () => {
      const view = applyMask(params, lap);
      const out = tf.tidy(() => rnntLogits(config, view.params, batch).logits.dataSync().slice());
      view.dispose();
      return out;
    };
    const reference = logits();
    const name = 'encoder.layers.0.ffn.w1.weight';
    const index = masks
      .get('fr')!
      .get(name)
      .data.findIndex((k, i) => k === 1 && lap.get(name).data[i] === 0);
    const w = params.get(name)!;
    const values = Float32Array.from(w.dataSync());
    values[index] += 3;
    w.assign(tf.tensor(values, w.shape));
    expect(logits()).toEqual(reference);
    trainer.dispose();
    optimizer.dispose();
  });
});
