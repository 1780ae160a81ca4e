import { tf } from '../../../src/engine/tf';
import { AdamW } from '../../../src/engine/train/adamw';
import { decodeSafetensors, encodeSafetensors } from '../../../src/engine/io/safetensors';
import type { ParamMap } from '../../../src/engine/model/params';
import { cubicSparsity } from '../../../src/engine/prune/gradual';
import type { CubicSchedule } from '../../../src/engine/prune/gradual';
import { magnitudePrune, readMasked } from '../../../src/engine/prune/magnitude';
import { MaskSet } from '../../../src/engine/prune/mask-set';
import { randomMaskSet } from '../../../src/engine/prune/random-mask';
import { DynamicPathways, maskHistory, reevaluationSteps } from '../../../src/engine/pathways/dynamic';
import type { DynamicOptions } from '../../../src/engine/pathways/dynamic';
import { PRUNABLE_SHAPES, tinyBatch, tinyLoss, tinyParams } from './tiny-model';
import type { TinyBatch } from './tiny-model';
import { useTestBackend } from '../../helpers/backend';

const N = 42;
const LR = 0.05;
let batches: { en: TinyBatch; fr: TinyBatch; adjust: TinyBatch };

beforeAll(async () => {
  await useTestBackend();
  batches = { en: tinyBatch(1, 0.5), fr: tinyBatch(2, -1.5), adjust: tinyBatch(3, 0.5) };
});

/** Oracle: keep the k highest scores, ties by tensor name then index. */
function topK(scores: Map<string, ArrayLike<number>>, k: number): Map<string, number[]> {
  const all: { v: number; name: string; i: number }[] = [];
  for (const name of [...scores.keys()].sort())
    Array.from(scores.get(name)!).forEach((v, i) => all.push({ v, name, i }));
  all.sort((x, y) => y.v - x.v || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0) || x.i - y.i);
  const out = new Map([...scores].map(([n, s]) => [n, new Array<number>(s.length).fill(0)]));
  for (const e of all.slice(0, k)) out.get(e.name)![e.i] = 1;
  return out;
}

function bits(m: MaskSet): Map<string, number[]> {
  return new Map([...m.masks].map(([n, x]) => [n, [...x.data]]));
}

function values(params: ParamMap, name: string): Float32Array {
  return Float32Array.from(params.get(name)!.dataSync());
}

/** ∇_w L at w = θ ⊙ m (dense), computed independently with tf.grads. */
function denseGrad(params: ParamMap, mask: MaskSet, batch: TinyBatch): Map<string, Float32Array> {
  const names = [...params.keys()];
  const masks = mask.toTensors();
  const effective = names.map((n) => (masks.has(n) ? tf.mul(params.get(n)!, masks.get(n)!) : params.get(n)!));
  const grads = tf.grads((...xs: tf.Tensor[]) => tinyLoss(new Map(names.map((n, i) => [n, xs[i]])), batch))(
    effective,
  );
  const out = new Map(names.map((n, i) => [n, Float32Array.from(grads[i].dataSync())]));
  masks.forEach((t) => t.dispose());
  return out;
}

function make(masks: Map<string, MaskSet>, dynamic: DynamicOptions<TinyBatch>, seed = 5) {
  const params = tinyParams(seed);
  const optimizer = new AdamW(params);
  return {
    params,
    run: new DynamicPathways<TinyBatch>({ params, masks, loss: tinyLoss, optimizer, dynamic }),
  };
}

describe('dynamic pathways schedule', () => {
  it('re-evaluates at the scheduled steps, follows s_t exactly, records entered/left, keeps the union invariant', async () => {
    const schedule: CubicSchedule = {
      initialSparsity: 0.5,
      finalSparsity: 0.7,
      startStep: 0,
      every: 4,
      count: 3,
    };
    const lapParams = tinyParams(5);
    const lap = magnitudePrune(await readMasked(lapParams, MaskSet.full(PRUNABLE_SHAPES)), { sparsity: 0.5 });
    lapParams.forEach((v) => v.dispose());
    const { params, run } = make(
      new Map([
        ['en', lap],
        ['fr', lap],
      ]),
      { schedule, totalSteps: 22, score: 'shadow', shadowLr: 0.2 },
    );
    expect(reevaluationSteps(schedule, 22)).toEqual([4, 8, 12, 16, 20]);
    const seen: number[] = [];
    let regrown = 0;
    let differ = false;
    for (let t = 0; t < 22; t++) {
      const before = new Map(run.trainer.masks());
      const { reevaluation } = await run.train(
        [
          { language: 'en', batch: batches.en, share: 0.5 },
          { language: 'fr', batch: batches.fr, share: 0.5 },
        ],
        { lr: LR },
      );
      const union = run.trainer.union();
      for (const [name, m] of union.masks) {
        values(params, name).forEach((x, i) => {
          if (!m.data[i]) expect(Object.is(x, 0)).toBe(true);
        });
      }
      if (!reevaluation) continue;
      seen.push(reevaluation.step);
      const target = cubicSparsity(reevaluation.step, schedule);
      expect(reevaluation.targetSparsity).toBe(target);
      for (const language of ['en', 'fr']) {
        const after = run.trainer.mask(language);
        const old = before.get(language)!;
        const record = reevaluation.languages[language];
        expect(record.kept).toBe(Math.round((1 - target) * N));
        expect(after.count().kept).toBe(record.kept);
        expect(record.sparsity).toBe(1 - record.kept / N);
        let entered = 0;
        let left = 0;
        for (const name of after.names()) {
          after.get(name).data.forEach((b, i) => {
            const a = old.get(name).data[i];
            if (b && !a) entered++;
            if (a && !b) left++;
          });
        }
        expect(record.entered).toBe(entered);
        expect(record.left).toBe(left);
        regrown += entered;
      }
      differ ||= !run.trainer.mask('en').equals(run.trainer.mask('fr'));
      expect(reevaluation.unionSparsity).toBe(union.sparsity());
    }
    expect(seen).toEqual([4, 8, 12, 16, 20]);
    expect(run.history.map((r) => r.step)).toEqual(seen);
    expect(regrown).toBeGreaterThan(0);
    expect(differ).toBe(true);
    expect(JSON.parse(JSON.stringify(run.history))).toEqual(run.history);
    const rows = maskHistory(run.history);
    expect(rows).toHaveLength(10);
    const fr = run.history[0].languages.fr;
    expect(rows[1]).toEqual({
      step: 4,
      language: 'fr',
      entered: fr.entered,
      left: fr.left,
      sparsity: fr.sparsity,
    });
    run.dispose();
    params.forEach((v) => v.dispose());
  });

  it('per-tensor scope keeps each language within one weight of s_t in every tensor', async () => {
    const schedule: CubicSchedule = {
      initialSparsity: 0.3,
      finalSparsity: 0.6,
      startStep: 0,
      every: 2,
      count: 2,
    };
    const masks = new Map([
      ['en', randomMaskSet(PRUNABLE_SHAPES, 0.3, 1, 'per-tensor')],
      ['fr', randomMaskSet(PRUNABLE_SHAPES, 0.3, 2, 'per-tensor')],
    ]);
    const { params, run } = make(masks, {
      schedule,
      totalSteps: 6,
      score: 'saliency',
      shadowLr: 0.01,
      scope: 'per-tensor',
    });
    for (let t = 0; t < 6; t++) {
      const r = (
        await run.train(
          [{ language: t % 2 ? 'fr' : 'en', batch: t % 2 ? batches.fr : batches.en, share: 1 }],
          { lr: LR },
        )
      ).reevaluation;
      if (!r) continue;
      for (const language of ['en', 'fr']) {
        for (const c of run.trainer.mask(language).perTensor().values()) {
          expect(Math.abs(c.sparsity - r.targetSparsity)).toBeLessThanOrEqual(1 / c.total);
        }
      }
    }
    expect(run.history.map((r) => r.step)).toEqual([2, 4]);
    run.dispose();
    params.forEach((v) => v.dispose());
  });
});

describe('dynamic pathways scores', () => {
  const constant: CubicSchedule = {
    initialSparsity: 0.5,
    finalSparsity: 0.5,
    startStep: 0,
    every: 1,
    count: 1,
  };

  it("(a) 'shadow': Δ_l collects -lr·∇_w L_l on pruned weights; re-selection by |θ + Δ_l|; entering weights start at Δ_l", async () => {
    const mask = randomMaskSet(PRUNABLE_SHAPES, 0.5, 4);
    const lr = 0.3;
    const { params, run } = make(new Map([['en', mask]]), {
      schedule: constant,
      totalSteps: 5,
      score: 'shadow',
      shadowLr: lr,
      shadowOptimizer: 'sgd',
    });
    const g = denseGrad(params, mask, batches.en);
    const { reevaluation } = await run.train([{ language: 'en', batch: batches.en, share: 1 }], { lr: LR });
    expect(reevaluation?.step).toBe(1);
    // oracle φ after one step: kept weights θ₀ − LR·g/(|g| + ε) (Adam's first step), pruned ones
    // (outside the union, θ = 0) their shadow value Δ = −lr·g
    const start = tinyParams(5);
    const thetaAfter = new Map<string, number[]>();
    for (const [name, m] of mask.masks) {
      const theta0 = values(start, name);
      const grad = g.get(name)!;
      thetaAfter.set(
        name,
        Array.from(m.data, (keep, i) =>
          keep ? theta0[i] - (LR * grad[i]) / (Math.abs(grad[i]) + 1e-8) : -lr * grad[i],
        ),
      );
    }
    start.forEach((v) => v.dispose());
    const after = run.trainer.mask('en');
    for (const [name, m] of mask.masks) {
      const theta = values(params, name);
      after.get(name).data.forEach((keep, i) => {
        // a weight entering from outside the union starts at its shadow value; a dropped one is 0
        if (keep && !m.data[i]) expect(theta[i]).toBeCloseTo(thetaAfter.get(name)![i], 6);
        if (!keep) expect(Object.is(theta[i], 0)).toBe(true);
      });
    }
    const scores = new Map([...thetaAfter].map(([n, v]) => [n, v.map(Math.abs)]));
    expect(bits(after)).toEqual(topK(scores, Math.round(0.5 * N)));
    expect(reevaluation!.languages.en.entered).toBeGreaterThan(0);
    run.dispose();
    params.forEach((v) => v.dispose());
  });

  it("(a) 'shadow' with the default Adam-normalised direction: Δ = −lr·g/(|g| + ε) after one step", async () => {
    const mask = randomMaskSet(PRUNABLE_SHAPES, 0.5, 4);
    const lr = 0.3;
    const { params, run } = make(new Map([['en', mask]]), {
      schedule: constant,
      totalSteps: 5,
      score: 'shadow',
      shadowLr: lr,
    });
    const g = denseGrad(params, mask, batches.en);
    await run.train([{ language: 'en', batch: batches.en, share: 1 }], { lr: LR });
    const after = run.trainer.mask('en');
    let entered = 0;
    for (const [name, m] of mask.masks) {
      const theta = values(params, name);
      const grad = g.get(name)!;
      after.get(name).data.forEach((keep, i) => {
        if (!keep || m.data[i]) return;
        entered++;
        expect(theta[i]).toBeCloseTo((-lr * grad[i]) / (Math.abs(grad[i]) + 1e-8), 5);
      });
    }
    // |Δ| ≈ lr = 0.3 outweighs most kept |θ|, so weights regrow
    expect(entered).toBeGreaterThan(0);
    run.dispose();
    params.forEach((v) => v.dispose());
  });

  /** Oracle of (c): Σ over the language's steps of |θ ⊙ ĝ| + η·ĝ², ĝ its share-weighted dense gradient. */
  async function saliencySums(
    run: DynamicPathways<TinyBatch>,
    params: ParamMap,
    eta: number,
    steps: number,
  ): Promise<Map<string, number[]>> {
    const mask = run.trainer.mask('en');
    const sums = new Map([...mask.masks].map(([n, m]) => [n, new Array<number>(m.data.length).fill(0)]));
    for (let t = 0; t < steps; t++) {
      const g = denseGrad(params, run.trainer.mask('en'), batches.en);
      for (const name of mask.names()) {
        const theta = values(params, name);
        sums.get(name)!.forEach((_, i) => {
          const share = 0.5 * g.get(name)![i];
          sums.get(name)![i] += Math.abs(theta[i] * share) + eta * share * share;
        });
      }
      await run.train(
        [
          { language: 'en', batch: batches.en, share: 0.5 },
          { language: 'fr', batch: batches.fr, share: 0.5 },
        ],
        { lr: LR },
      );
    }
    return sums;
  }

  it("(c) 'saliency': re-selection by the mean of |θ ⊙ ∇_w L_l| + η·(∇_w L_l)² over the language's batches", async () => {
    const schedule: CubicSchedule = { ...constant, every: 2 };
    const masks = new Map([
      ['en', randomMaskSet(PRUNABLE_SHAPES, 0.5, 6)],
      ['fr', randomMaskSet(PRUNABLE_SHAPES, 0.5, 7)],
    ]);
    const { params, run } = make(masks, { schedule, totalSteps: 5, score: 'saliency', shadowLr: 0.01 });
    const sums = await saliencySums(run, params, 0.01, 2);
    expect(run.history.length).toBe(1);
    expect(bits(run.trainer.mask('en'))).toEqual(topK(sums, Math.round(0.5 * N)));
    run.dispose();
    params.forEach((v) => v.dispose());
  });

  it("(c) 'saliency': a weight outside the union (θ = 0) with a large gradient comes back, at 0", async () => {
    const schedule: CubicSchedule = { ...constant, every: 2 };
    // both languages share one mask, so half of the weights are outside the union and exactly 0
    const shared = randomMaskSet(PRUNABLE_SHAPES, 0.5, 6);
    const masks = new Map([
      ['en', shared],
      ['fr', shared.clone()],
    ]);
    const eta = 5;
    const { params, run } = make(masks, { schedule, totalSteps: 5, score: 'saliency', shadowLr: eta });
    const sums = await saliencySums(run, params, eta, 2);
    const want = topK(sums, Math.round(0.5 * N));
    const regrown = [...want].flatMap(([name, keep]) =>
      keep.flatMap((k, i) => (k && !shared.get(name).data[i] ? [[name, i] as const] : [])),
    );
    expect(regrown.length).toBeGreaterThan(0);
    expect(bits(run.trainer.mask('en'))).toEqual(want);
    expect(run.history[0].unionEntered).toBeGreaterThan(0);
    // a regrown weight enters at 0: its value comes from training after the re-evaluation
    for (const [name, i] of regrown) expect(values(params, name)[i]).toBe(0);
    run.dispose();
    params.forEach((v) => v.dispose());
  });

  it("(b) 'adjust': re-selection by |θ'| after SGD on a copy θ' = θ ⊙ m_l over all weights", async () => {
    const mask = randomMaskSet(PRUNABLE_SHAPES, 0.5, 8);
    const lr = 0.5;
    const { params, run } = make(new Map([['en', mask]]), {
      schedule: constant,
      totalSteps: 5,
      score: 'adjust',
      adjust: { steps: 1, lr, nextBatch: () => batches.adjust },
    });
    const g = denseGrad(params, mask, batches.adjust);
    const phi = new Map(
      [...mask.masks].map(([n, m]) => {
        const theta = values(params, n);
        return [n, Array.from(m.data, (keep, i) => (keep ? theta[i] : 0) - lr * g.get(n)![i])];
      }),
    );
    const record = await run.reevaluate();
    expect(record.step).toBe(0);
    const after = run.trainer.mask('en');
    expect(bits(after)).toEqual(
      topK(new Map([...phi].map(([n, v]) => [n, v.map(Math.abs)])), Math.round(0.5 * N)),
    );
    for (const [name, m] of mask.masks) {
      const theta = values(params, name);
      after.get(name).data.forEach((keep, i) => {
        if (keep && !m.data[i]) expect(theta[i]).toBeCloseTo(phi.get(name)![i], 6);
        if (!keep) expect(Object.is(theta[i], 0)).toBe(true);
      });
    }
    run.dispose();
    params.forEach((v) => v.dispose());
  });
});

describe('dynamic pathways memory', () => {
  it('steps and re-evaluations leak no tensors, for every score', async () => {
    const schedule: CubicSchedule = {
      initialSparsity: 0.5,
      finalSparsity: 0.6,
      startStep: 0,
      every: 2,
      count: 2,
    };
    for (const score of ['shadow', 'saliency', 'adjust'] as const) {
      const { params, run } = make(new Map([['en', randomMaskSet(PRUNABLE_SHAPES, 0.5, 3)]]), {
        schedule,
        totalSteps: 20,
        score,
        shadowLr: 0.01,
        adjust: { steps: 2, lr: 0.1, nextBatch: () => batches.adjust },
      });
      const step = () => run.train([{ language: 'en', batch: batches.en, share: 1 }], { lr: LR });
      await step();
      await step();
      const before = tf.memory().numTensors;
      for (let t = 0; t < 4; t++) await step();
      expect(run.history.length).toBe(3);
      expect(`${score}: ${tf.memory().numTensors - before}`).toBe(`${score}: 0`);
      run.dispose();
      params.forEach((v) => v.dispose());
    }
  });
});

describe('dynamic pathways resume', () => {
  it('export/import of the dynamic state (through safetensors) resumes bit-for-bit', async () => {
    const schedule: CubicSchedule = {
      initialSparsity: 0.4,
      finalSparsity: 0.7,
      startStep: 0,
      every: 3,
      count: 2,
    };
    const init = () =>
      new Map([
        ['en', randomMaskSet(PRUNABLE_SHAPES, 0.4, 1)],
        ['fr', randomMaskSet(PRUNABLE_SHAPES, 0.4, 2)],
      ]);
    const step = (run: DynamicPathways<TinyBatch>) =>
      run.train(
        [
          { language: 'en', batch: batches.en, share: 0.6 },
          { language: 'fr', batch: batches.fr, share: 0.4 },
        ],
        { lr: LR },
      );
    for (const score of ['shadow', 'saliency'] as const) {
      const dynamic: DynamicOptions<TinyBatch> = { schedule, totalSteps: 12, score, shadowLr: 0.05 };
      const straight = make(init(), dynamic);
      for (let t = 0; t < 10; t++) await step(straight.run);

      const first = make(init(), dynamic);
      const optimizer = new AdamW(first.params);
      const firstRun = new DynamicPathways<TinyBatch>({
        params: first.params,
        masks: init(),
        loss: tinyLoss,
        optimizer,
        dynamic,
      });
      for (let t = 0; t < 5; t++) await step(firstRun);
      const saved = await firstRun.exportState();
      const decoded = decodeSafetensors(encodeSafetensors(saved.tensors, saved.metadata));
      const optimizerState = await optimizer.exportState();
      const params = new Map([...first.params].map(([n, v]) => [n, tf.variable(tf.clone(v))]));
      const resumedOptimizer = new AdamW(params);
      resumedOptimizer.importState(optimizerState);
      const resumed = new DynamicPathways<TinyBatch>({
        params,
        masks: new Map(firstRun.trainer.masks()),
        loss: tinyLoss,
        optimizer: resumedOptimizer,
        dynamic,
      });
      resumed.importState(decoded);
      expect(resumed.step).toBe(5);
      for (let t = 5; t < 10; t++) await step(resumed);

      expect(resumed.history).toEqual(straight.run.history);
      for (const name of straight.params.keys())
        expect(values(params, name)).toEqual(values(straight.params, name));
      for (const r of [straight.run, first.run, firstRun, resumed]) r.dispose();
      for (const p of [straight.params, first.params]) p.forEach((v) => v.dispose());
      params.forEach((v) => v.dispose());
    }
  });
});

describe('monolingual adaptive pruning', () => {
  it('prunes one language from dense to s_f in one run along the cubic schedule', async () => {
    const schedule: CubicSchedule = {
      initialSparsity: 0,
      finalSparsity: 0.8,
      startStep: 0,
      every: 3,
      count: 4,
    };
    const { params, run } = make(new Map([['it', MaskSet.full(PRUNABLE_SHAPES)]]), {
      schedule,
      totalSteps: 15,
      score: 'shadow',
      shadowLr: 0.05,
    });
    const losses: number[] = [];
    for (let t = 0; t < 15; t++)
      losses.push(
        (await await run.train([{ language: 'it', batch: batches.en, share: 1 }], { lr: LR })).loss,
      );
    expect(run.history.map((r) => [r.step, r.languages.it.kept])).toEqual(
      [3, 6, 9, 12].map((t) => [t, Math.round((1 - cubicSparsity(t, schedule)) * N)]),
    );
    expect(run.trainer.mask('it').count().kept).toBe(Math.round(0.2 * N));
    expect(losses[14]).toBeLessThan(losses[0]);
    run.dispose();
    params.forEach((v) => v.dispose());
  });
});

describe('dynamic pathways bad input', () => {
  it('rejects incomplete score options and bad schedules before training', async () => {
    const masks = new Map([['en', MaskSet.full(PRUNABLE_SHAPES)]]);
    const schedule: CubicSchedule = {
      initialSparsity: 0,
      finalSparsity: 0.5,
      startStep: 0,
      every: 2,
      count: 2,
    };
    expect(() => make(masks, { schedule, totalSteps: 10, score: 'shadow' })).toThrow(/shadowLr/);
    expect(() => make(masks, { schedule, totalSteps: 10, score: 'adjust' })).toThrow(/adjust options/);
    expect(() =>
      make(masks, {
        schedule: { ...schedule, finalSparsity: 1.2 },
        totalSteps: 10,
        score: 'saliency',
        shadowLr: 0.01,
      }),
    ).toThrow(/finalSparsity must be in \[0, 1\)/);
  });
});
