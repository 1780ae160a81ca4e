import { tf } from '../../../src/engine/tf';
import { AdamW } from '../../../src/engine/train/adamw';
import { magnitudePrune, readMasked } from '../../../src/engine/prune/magnitude';
import { MaskSet } from '../../../src/engine/prune/mask-set';
import { DynamicPathways } from '../../../src/engine/pathways/dynamic';
import { resetMoments } from '../../../src/engine/pathways/reset-moments';
import { PRUNABLE_SHAPES, tinyBatch, tinyLoss, tinyParams } from './tiny-model';
import { useTestBackend } from '../../helpers/backend';

beforeAll(async () => {
  await useTestBackend();
});

async function moments(optimizer: AdamW): Promise<Map<string, Float32Array>> {
  return new Map(
    [...(await optimizer.exportState())]
      .filter(([k]) => k.startsWith('optimizer.m.') || k.startsWith('optimizer.v.'))
      .map(([k, t]) => [k, Float32Array.from(t.data as Float32Array)]),
  );
}

describe('resetMoments', () => {
  it('zeroes m and v of exactly the named weights and leaves every other value alone', async () => {
    const params = tinyParams(3);
    const optimizer = new AdamW(params);
    const grads = new Map([...params].map(([n, p]) => [n, tf.onesLike(p)]));
    optimizer.step(grads);
    const before = await moments(optimizer);
    expect(await resetMoments(optimizer, new Map([['l1.weight', [0, 5]]]))).toBe(2);
    const after = await moments(optimizer);
    for (const [key, values] of before) {
      const expected = Float32Array.from(values);
      if (key.endsWith('.l1.weight')) expected[0] = expected[5] = 0;
      expect(Array.from(after.get(key)!), key).toEqual(Array.from(expected));
    }
    expect(before.get('optimizer.m.l1.weight')![0]).not.toBe(0);
    expect(optimizer.stepCount).toBe(1);
    grads.forEach((g) => g.dispose());
    optimizer.dispose();
    params.forEach((p) => p.dispose());
  });
});

describe('dynamic pathways re-evaluation', () => {
  it('resets the moments of weights that re-enter the union and keeps those of weights that stay', async () => {
    const params = tinyParams(11);
    const optimizer = new AdamW(params);
    // every weight first gets moments from dense updates, so weights outside the masks hold stale ones
    const batch = tinyBatch(4, 0.5);
    const names = [...params.keys()];
    for (let i = 0; i < 3; i++) {
      const grads = tf.grads((...xs: tf.Tensor[]) =>
        tinyLoss(new Map(names.map((n, j) => [n, xs[j]])), batch),
      )(names.map((n) => params.get(n)!));
      optimizer.step(new Map(names.map((n, j) => [n, grads[j]])), { lr: 0.05 });
      grads.forEach((g) => g.dispose());
    }
    const start = magnitudePrune(await readMasked(params, MaskSet.full(PRUNABLE_SHAPES)), { sparsity: 0.6 });
    const run = new DynamicPathways({
      params,
      masks: new Map([
        ['en', start],
        ['fr', start.clone()],
      ]),
      loss: tinyLoss,
      optimizer,
      dynamic: {
        schedule: { initialSparsity: 0.6, finalSparsity: 0.6, startStep: 0, every: 100, count: 1 },
        totalSteps: 200,
        score: 'shadow',
        shadowLr: 0.5,
      },
    });
    const batches = [
      { language: 'en', batch, share: 0.5 },
      { language: 'fr', batch: tinyBatch(5, -1.5), share: 0.5 },
    ];
    for (let i = 0; i < 6; i++) await run.train(batches, { lr: 0.05 });
    const unionBefore = run.trainer.union();
    const before = await moments(optimizer);
    const record = await run.reevaluate();
    const unionAfter = run.trainer.union();
    const after = await moments(optimizer);
    expect(record.unionEntered).toBeGreaterThan(0);
    let staleReset = 0;
    for (const [key, values] of before) {
      const name = key.replace(/^optimizer\.[mv]\./, '');
      const was = PRUNABLE_SHAPES.has(name) ? unionBefore.get(name).data : undefined;
      const is = PRUNABLE_SHAPES.has(name) ? unionAfter.get(name).data : undefined;
      values.forEach((v, i) => {
        const entered = was !== undefined && !was[i] && is![i];
        if (entered) {
          expect(after.get(key)![i], `${key}[${i}] entered`).toBe(0);
          if (v !== 0) staleReset++;
        } else expect(after.get(key)![i], `${key}[${i}]`).toBe(v);
      });
    }
    expect(staleReset).toBeGreaterThan(0);
    run.dispose();
    optimizer.dispose();
    params.forEach((p) => p.dispose());
  });
});
