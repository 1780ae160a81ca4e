import { tf } from '../../../src/engine/tf';
import { impKeptAfter, impPruneFraction, impRoundsFor, runImp } from '../../../src/engine/prune/imp';
import { MaskSet } from '../../../src/engine/prune/mask-set';
import type { ParamMap } from '../../../src/engine/prune/param-map';
import { SeededRandom } from '../../../src/engine/model/random';
import type { TrainFn } from '../../../src/engine/prune/train-callback';
import { useTestBackend } from '../../helpers/backend';

beforeAll(async () => {
  await useTestBackend();
});

function model(seed: number): ParamMap {
  const rng = new SeededRandom(seed);
  const random = () => rng.next();
  const values = (n: number) => Array.from({ length: n }, () => random() * 2 - 1);
  return new Map([
    ['l1.weight', tf.variable(tf.tensor(values(40), [8, 5]))],
    ['l1.bias', tf.variable(tf.tensor(values(5), [5]))],
    ['l2.weight', tf.variable(tf.tensor(values(25), [5, 5]))],
  ]);
}

const prunable = new Map([
  ['l1.weight', [8, 5]],
  ['l2.weight', [5, 5]],
]);

/**
 * A stand-in trainer: adds a deterministic step-dependent perturbation to the surviving weights,
 * and checks on entry that every pruned weight is exactly 0 (the contract drivers must keep).
 */
function recordingTrainer(calls: { steps: number; sparsity: number }[]): TrainFn {
  let clock = 0;
  return (params, mask, steps) => {
    calls.push({ steps, sparsity: mask.sparsity() });
    for (const [name, m] of mask.masks) {
      const v = params.get(name)!;
      v.dataSync().forEach((x, i) => {
        if (!m.data[i]) expect(x).toBe(0);
      });
      for (let s = 0; s < steps; s++) {
        clock++;
        const delta = tf.tensor(
          Array.from({ length: m.data.length }, (_, i) => m.data[i] * 0.01 * Math.sin(clock + i)),
          m.shape,
        );
        v.assign(tf.add(v, delta));
        delta.dispose();
      }
    }
  };
}

describe('IMP schedule', () => {
  it('p = 1 - (1 - s)^(1/n) and kept counts follow (1 - p)^r with the exact target at the end', () => {
    expect(impPruneFraction(0.75, 2)).toBeCloseTo(0.5, 12);
    expect(impPruneFraction(0.875, 3)).toBeCloseTo(0.5, 12);
    expect([1, 2, 3].map((r) => impKeptAfter(r, 3, 0.875, 64))).toEqual([32, 16, 8]);
    // 65 weights, s = 0.706, 4 rounds: the last round is exactly round(0.294 * 65) = 19
    expect(impKeptAfter(4, 4, 0.706, 65)).toBe(19);
    expect(impKeptAfter(1, 4, 0.706, 65)).toBe(Math.round(65 * 0.294 ** 0.25));
  });
});

describe('IMP with an explicit fraction per round', () => {
  it('takes the rounds ⌈ln(1 − s)/ln(1 − p)⌉ needs, prunes p of the survivors each round, the target at the end', async () => {
    // the usual 20 % a round to 70 %: 0.8^5 = 0.328 > 0.3 ≥ 0.8^6, so 6 rounds, the last pruning less than 20 %
    expect(impRoundsFor(0.7, 0.2)).toBe(6);
    expect(impRoundsFor(0.75, 0.5)).toBe(2);
    expect(impRoundsFor(0.5, 0.5)).toBe(1);
    const params = model(1);
    const { events } = await runImp(params, MaskSet.full(prunable), recordingTrainer([]), {
      sparsity: 0.7,
      rounds: 6,
      fraction: 0.2,
      stepsPerRound: 1,
    });
    expect(events.map((e) => e.kept)).toEqual([52, 42, 33, 27, 21, 20]); // round(65 · 0.8^r), then round(0.3 · 65)
    await expect(
      runImp(params, MaskSet.full(prunable), recordingTrainer([]), {
        sparsity: 0.7,
        rounds: 2,
        fraction: 0.2,
        stepsPerRound: 1,
      }),
    ).rejects.toThrow(/rounds must be 6 to reach sparsity 0.7 pruning 0.2/);
    params.forEach((v) => v.dispose());
  });
});

describe('runImp', () => {
  it('reaches the target sparsity exactly after n rounds, pruning a fraction p of survivors each round', async () => {
    for (const [sparsity, rounds] of [
      [0.706, 3],
      [0.5, 1],
      [0.9, 4],
    ] as const) {
      const params = model(1);
      const calls: { steps: number; sparsity: number }[] = [];
      const { mask, events, roundMasks } = await runImp(
        params,
        MaskSet.full(prunable),
        recordingTrainer(calls),
        {
          sparsity,
          rounds,
          stepsPerRound: 3,
          finalSteps: 2,
        },
      );
      expect(mask.count().kept).toBe(Math.round((1 - sparsity) * 65));
      expect(events.map((e) => e.kept)).toEqual(
        Array.from({ length: rounds }, (_, r) => impKeptAfter(r + 1, rounds, sparsity, 65)),
      );
      expect(calls.map((c) => c.steps)).toEqual([...new Array<number>(rounds).fill(3), 2]);
      // every round's mask is a strict subset of the previous one
      expect(roundMasks.map((m) => m.count().kept)).toEqual(events.map((e) => e.kept));
      expect(roundMasks[rounds - 1]).toBe(mask);
      for (let r = 1; r < rounds; r++) {
        expect(roundMasks[r].intersection(roundMasks[r - 1]).equals(roundMasks[r])).toBe(true);
        expect(events[r].kept).toBeLessThan(events[r - 1].kept);
      }
      for (const [name, m] of mask.masks) {
        params
          .get(name)!
          .dataSync()
          .forEach((x, i) => {
            if (!m.data[i]) expect(x).toBe(0);
          });
      }
      params.forEach((v) => v.dispose());
    }
  });
  it('per-tensor scope keeps each tensor within one weight of the target', async () => {
    const params = model(2);
    const { mask } = await runImp(params, MaskSet.full(prunable), recordingTrainer([]), {
      sparsity: 0.7,
      rounds: 2,
      stepsPerRound: 1,
      scope: 'per-tensor',
    });
    for (const c of mask.perTensor().values())
      expect(Math.abs(c.sparsity - 0.7)).toBeLessThanOrEqual(1 / c.total);
    params.forEach((v) => v.dispose());
  });
  it('LTH rewinds surviving weights to the start checkpoint after each pruning', async () => {
    const params = model(3);
    const start = new Map([...params].map(([n, v]) => [n, Float32Array.from(v.dataSync())]));
    const rewoundChecks: boolean[] = [];
    const trainer = recordingTrainer([]);
    let call = 0;
    const train: TrainFn = (p, mask, steps) => {
      if (call++ > 0) {
        // at the start of every later round, survivors equal the start values, pruned ones are 0
        for (const [name, v] of p) {
          const m = mask.masks.get(name);
          rewoundChecks.push(
            [...v.dataSync()].every((x, i) => x === (m && !m.data[i] ? 0 : start.get(name)![i])),
          );
        }
      }
      return trainer(p, mask, steps);
    };
    await runImp(params, MaskSet.full(prunable), train, {
      sparsity: 0.8,
      rounds: 3,
      stepsPerRound: 2,
      rewind: { to: 'start' },
    });
    expect(rewoundChecks.length).toBe(9);
    expect(rewoundChecks.every(Boolean)).toBe(true);
    params.forEach((v) => v.dispose());
  });
  it('LTH with rewind to step k splits the first round and rewinds to the weights after k steps', async () => {
    const params = model(4);
    const calls: { steps: number; sparsity: number }[] = [];
    const trainer = recordingTrainer(calls);
    let atK: Map<string, Float32Array> | undefined;
    let checked = 0;
    const train: TrainFn = (p, mask, steps) => {
      if (calls.length === 1) atK = new Map([...p].map(([n, v]) => [n, Float32Array.from(v.dataSync())]));
      if (calls.length === 2) {
        for (const [name, v] of p) {
          const m = mask.masks.get(name);
          v.dataSync().forEach((x, i) => expect(x).toBe(m && !m.data[i] ? 0 : atK!.get(name)![i]));
          checked++;
        }
      }
      return trainer(p, mask, steps);
    };
    await runImp(params, MaskSet.full(prunable), train, {
      sparsity: 0.5,
      rounds: 1,
      stepsPerRound: 5,
      rewind: { to: 'step', step: 2 },
    });
    expect(calls.map((c) => c.steps)).toEqual([2, 3, 5]);
    expect(checked).toBe(3);
    params.forEach((v) => v.dispose());
  });
  it('rejects bad options before training', async () => {
    const params = model(5);
    const calls: { steps: number; sparsity: number }[] = [];
    const run = (options: Parameters<typeof runImp>[3]) =>
      runImp(params, MaskSet.full(prunable), recordingTrainer(calls), options);
    await expect(run({ sparsity: 1, rounds: 2, stepsPerRound: 1 })).rejects.toThrow(
      /sparsity must be in \[0, 1\)/,
    );
    await expect(run({ sparsity: 0.5, rounds: 0, stepsPerRound: 1 })).rejects.toThrow(/rounds/);
    await expect(
      run({ sparsity: 0.5, rounds: 1, stepsPerRound: 2, rewind: { to: 'step', step: 3 } }),
    ).rejects.toThrow(/rewind.step/);
    const wrong = MaskSet.full(new Map([['l1.weight', [5, 8]]]));
    await expect(
      runImp(params, wrong, recordingTrainer(calls), { sparsity: 0.5, rounds: 1, stepsPerRound: 1 }),
    ).rejects.toThrow(/'l1.weight' has shape \[5,8\]/);
    expect(calls).toEqual([]);
    params.forEach((v) => v.dispose());
  });
});
