import { tf } from '../../../src/engine/tf';
import { MaskSet } from '../../../src/engine/prune/mask-set';
import { randomMaskSet } from '../../../src/engine/prune/random-mask';
import { PathwayTrainer } from '../../../src/engine/pathways/trainer';
import { applyMask } from '../../../src/engine/pathways/apply-mask';
import type { ParamMap } from '../../../src/engine/model/params';
import { AdamW } from '../../../src/engine/train/adamw';
import { PRUNABLE_SHAPES, tinyBatch, tinyLogits, tinyLoss, tinyParams } from './tiny-model';
import type { TinyBatch } from './tiny-model';
import { useTestBackend } from '../../helpers/backend';

let batches: { en: TinyBatch; fr: TinyBatch };

beforeAll(async () => {
  await useTestBackend();
  batches = { en: tinyBatch(1, 0.5), fr: tinyBatch(2, -1.5) };
});

const masks = new Map([
  ['en', randomMaskSet(PRUNABLE_SHAPES, 0.5, 11)],
  ['fr', randomMaskSet(PRUNABLE_SHAPES, 0.5, 12)],
]);

function snapshot(params: ReadonlyMap<string, tf.Tensor>): Map<string, Float32Array> {
  return new Map([...params].map(([n, v]) => [n, Float32Array.from(v.dataSync())]));
}

const LR = 0.05;

/** AdamW's first and second moments, copied out of its exported state. */
async function moments(optimizer: AdamW): Promise<Map<string, Float32Array>> {
  return new Map([...(await optimizer.exportState())].map(([n, t]) => [n, Float32Array.from(t.data)]));
}

function setup(seed = 5): { params: ParamMap; optimizer: AdamW; trainer: PathwayTrainer<TinyBatch> } {
  const params = tinyParams(seed);
  // weight decay on: decay must respect the masks too
  const optimizer = new AdamW(params, { weightDecay: 0.01 });
  const trainer = new PathwayTrainer<TinyBatch>({ params, masks, loss: tinyLoss, optimizer });
  return { params, optimizer, trainer };
}

function both(shares = [0.5, 0.5]) {
  return [
    { language: 'en', batch: batches.en, share: shares[0] },
    { language: 'fr', batch: batches.fr, share: shares[1] },
  ];
}

describe('PathwayTrainer exactness', () => {
  it('after K steps every weight outside the union of masks is exactly +0, and the union trains', async () => {
    const { params, trainer } = setup();
    const union = masks.get('en')!.union(masks.get('fr')!);
    const before = snapshot(params);
    const first = (await await trainer.step(both(), { lr: LR })).loss;
    let last = first;
    for (let k = 0; k < 30; k++) last = (await await trainer.step(both(), { lr: LR })).loss;
    expect(last).toBeLessThan(first);
    for (const [name, m] of union.masks) {
      const values = params.get(name)!.dataSync();
      let moved = 0;
      m.data.forEach((keep, i) => {
        if (!keep) expect(Object.is(values[i], 0)).toBe(true);
        else if (values[i] !== before.get(name)![i]) moved++;
      });
      // a union weight can have an exactly-zero gradient (e.g. its unit's outgoing weights are all pruned)
      expect(moved).toBeGreaterThan(0.8 * m.data.reduce((a, b) => a + b, 0));
    }
  });

  it('a step with only language-l data leaves every weight outside m_l, and its moments, bit-for-bit unchanged', async () => {
    const { params, optimizer, trainer } = setup();
    for (let k = 0; k < 3; k++) await trainer.step(both(), { lr: LR });
    const values = snapshot(params);
    const stateBefore = await moments(optimizer);
    await trainer.step([{ language: 'en', batch: batches.en, share: 1 }], { lr: LR });
    const en = masks.get('en')!;
    let frOnlyChecked = 0;
    for (const [name, m] of en.masks) {
      const after = params.get(name)!.dataSync();
      const state = await moments(optimizer);
      const frMask = masks.get('fr')!.get(name).data;
      m.data.forEach((keep, i) => {
        if (keep) return;
        expect(Object.is(after[i], values.get(name)![i])).toBe(true);
        for (const key of [`optimizer.m.${name}`, `optimizer.v.${name}`]) {
          expect(Object.is(state.get(key)![i], stateBefore.get(key)![i])).toBe(true);
        }
        if (frMask[i]) frOnlyChecked++;
      });
    }
    // weights owned by French only (non-zero, with non-zero momentum) were among those checked
    expect(frOnlyChecked).toBeGreaterThan(5);
    // shared, non-prunable parameters did move
    expect(params.get('l1.bias')!.dataSync()).not.toEqual(values.get('l1.bias'));
  });

  it('a weight in two pathways receives the sum of their gradients (vs tf.grads per language)', async () => {
    const { params, trainer } = setup();
    const shares = [0.3, 0.7];
    const { combined } = await trainer.computeGradients(both(shares));
    const names = [...params.keys()];
    const perLanguage = (language: 'en' | 'fr') => {
      const maskTensors = masks.get(language)!.toTensors();
      const f = (...xs: tf.Tensor[]) =>
        tinyLoss(
          new Map(names.map((n, i) => [n, maskTensors.has(n) ? tf.mul(xs[i], maskTensors.get(n)!) : xs[i]])),
          batches[language],
        );
      const grads = tf.grads(f)(names.map((n) => params.get(n)!));
      maskTensors.forEach((t) => t.dispose());
      return new Map(names.map((n, i) => [n, grads[i].dataSync()]));
    };
    const gEn = perLanguage('en');
    const gFr = perLanguage('fr');
    let sharedWithBoth = 0;
    for (const n of names) {
      const got = combined.get(n)!.dataSync();
      got.forEach((g, i) => {
        const expected = shares[0] * gEn.get(n)![i] + shares[1] * gFr.get(n)![i];
        expect(g).toBeCloseTo(expected, 6);
        if (gEn.get(n)![i] !== 0 && gFr.get(n)![i] !== 0 && PRUNABLE_SHAPES.has(n)) sharedWithBoth++;
      });
    }
    expect(sharedWithBoth).toBeGreaterThan(3);
    // outside a language's mask, that language contributes nothing
    const en = masks.get('en')!.get('l1.weight').data;
    const fr = masks.get('fr')!.get('l1.weight').data;
    combined
      .get('l1.weight')!
      .dataSync()
      .forEach((g, i) => {
        if (!en[i] && !fr[i]) expect(g).toBe(0);
        if (en[i] && !fr[i]) expect(g).toBeCloseTo(shares[0] * gEn.get('l1.weight')![i], 6);
      });
    combined.forEach((t) => t.dispose());
  });

  it('decoding language l uses θ ⊙ m_l: a weight outside m_l does not change language-l outputs', async () => {
    const { params } = setup();
    const en = masks.get('en')!;
    const outputs = (language: 'en' | 'fr') => {
      const view = applyMask(params, masks.get(language)!);
      const y = tinyLogits(view.params, batches.en.x);
      const data = Float32Array.from(y.dataSync());
      y.dispose();
      view.dispose();
      return data;
    };
    const enBefore = outputs('en');
    const frBefore = outputs('fr');
    // pick a weight in fr's mask but not en's and change it
    const frMask = masks.get('fr')!.get('l1.weight').data;
    const index = en.get('l1.weight').data.findIndex((keep, i) => !keep && frMask[i] === 1);
    expect(index).toBeGreaterThanOrEqual(0);
    const w = params.get('l1.weight')!;
    const values = Float32Array.from(w.dataSync());
    values[index] += 5;
    w.assign(tf.tensor(values, w.shape));
    expect(outputs('en')).toEqual(enBefore);
    expect(outputs('fr')).not.toEqual(frBefore);
  });
});

describe('PathwayTrainer memory', () => {
  it('a step leaks no tensors', async () => {
    const { trainer } = setup();
    await trainer.step(both(), { lr: LR, clipNorm: 1 });
    await trainer.step([{ language: 'en', batch: batches.en, share: 1 }], { lr: LR });
    const before = tf.memory().numTensors;
    for (let k = 0; k < 3; k++) {
      await trainer.step(both(), { lr: LR, clipNorm: 1 });
      await trainer.step([{ language: 'en', batch: batches.en, share: 1 }], { lr: LR });
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('PathwayTrainer clipping', () => {
  it('clips to a global norm (reported before clipping) without moving weights outside the masks', async () => {
    const { params, trainer } = setup();
    const { combined } = await trainer.computeGradients(both());
    let squares = 0;
    combined.forEach((g) => g.dataSync().forEach((x) => (squares += x * x)));
    combined.forEach((g) => g.dispose());
    const union = trainer.union();
    const before = snapshot(params);
    const { gradNorm } = await trainer.step(both(), { lr: LR, clipNorm: 1e-3 });
    expect(gradNorm).toBeCloseTo(Math.sqrt(squares), 5);
    for (const [name, m] of union.masks) {
      const after = params.get(name)!.dataSync();
      m.data.forEach((keep, i) => !keep && expect(Object.is(after[i], before.get(name)![i])).toBe(true));
    }
  });
});

describe('PathwayTrainer bad input', () => {
  it('rejects masks whose names or shapes do not match the model, naming language and tensor', async () => {
    const params = tinyParams(1);
    const optimizer = new AdamW(params);
    const wrong = new Map([
      ...masks,
      [
        'it',
        MaskSet.full(
          new Map([
            ['l1.weight', [6, 4]],
            ['l2.weight', [6, 3]],
          ]),
        ),
      ],
    ]);
    expect(() => new PathwayTrainer({ params, masks: wrong, loss: tinyLoss, optimizer })).toThrow(
      /language 'it'.*'l1.weight' has shape \[6,4\]/,
    );
    const missing = new Map([...masks, ['it', MaskSet.full(new Map([['l2.weight', [6, 3]]]))]]);
    expect(() => new PathwayTrainer({ params, masks: missing, loss: tinyLoss, optimizer })).toThrow(
      /language 'it'.*l1.weight/,
    );
    expect(() => new PathwayTrainer({ params, masks: new Map(), loss: tinyLoss, optimizer })).toThrow(
      /at least one/,
    );
  });
  it('rejects a batch of a language without a pathway', async () => {
    const { trainer } = setup();
    await expect(trainer.step([{ language: 'it', batch: batches.en, share: 1 }], { lr: LR })).rejects.toThrow(
      /'it' has no pathway/,
    );
  });
});
