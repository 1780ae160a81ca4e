import { tf } from '../../../src/engine/tf';
import { cubicSparsity, pruningSteps, runGradual } from '../../../src/engine/prune/gradual';
import type { CubicSchedule } from '../../../src/engine/prune/gradual';
import { MaskSet } from '../../../src/engine/prune/mask-set';
import { runOneShot } from '../../../src/engine/prune/one-shot';
import type { TrainFn } from '../../../src/engine/prune/train-callback';
import { useTestBackend } from '../../helpers/backend';

beforeAll(async () => {
  await useTestBackend();
});

const schedule: CubicSchedule = {
  initialSparsity: 0.1,
  finalSparsity: 0.7,
  startStep: 10,
  every: 5,
  count: 4,
};

describe('Zhu & Gupta cubic schedule', () => {
  it('matches the formula at hand-computed points', () => {
    // n·Δt = 20; s_t = 0.7 + (0.1 - 0.7)(1 - (t - 10)/20)^3
    expect(cubicSparsity(10, schedule)).toBeCloseTo(0.1, 12);
    expect(cubicSparsity(15, schedule)).toBeCloseTo(0.7 - 0.6 * 0.421875, 12); // (3/4)^3
    expect(cubicSparsity(20, schedule)).toBeCloseTo(0.7 - 0.6 * 0.125, 12); // (1/2)^3
    expect(cubicSparsity(25, schedule)).toBeCloseTo(0.7 - 0.6 * 0.015625, 12); // (1/4)^3
    expect(cubicSparsity(30, schedule)).toBe(0.7);
    expect(cubicSparsity(0, schedule)).toBe(0.1);
    expect(cubicSparsity(99, schedule)).toBe(0.7);
    expect(pruningSteps(schedule)).toEqual([10, 15, 20, 25, 30]);
  });
});

describe('runGradual', () => {
  it('prunes at the scheduled steps to exactly round((1 - s_t)N) and ends at s_f', async () => {
    const params = new Map([
      [
        'w.weight',
        tf.variable(
          tf.tensor(
            Array.from({ length: 60 }, (_, i) => Math.cos(i * 1.7)),
            [6, 10],
          ),
        ),
      ],
      [
        'v.weight',
        tf.variable(
          tf.tensor(
            Array.from({ length: 40 }, (_, i) => Math.sin(i * 0.3)),
            [4, 10],
          ),
        ),
      ],
    ]);
    const steps: number[] = [];
    const train: TrainFn = (_p, _m, n) => {
      steps.push(n);
    };
    const { mask, events } = await runGradual(
      params,
      MaskSet.full(
        new Map([
          ['w.weight', [6, 10]],
          ['v.weight', [4, 10]],
        ]),
      ),
      train,
      {
        schedule,
        totalSteps: 40,
      },
    );
    expect(steps).toEqual([10, 5, 5, 5, 5, 10]);
    expect(events.map((e) => e.step)).toEqual([10, 15, 20, 25, 30]);
    for (const e of events) expect(e.kept).toBe(Math.round((1 - cubicSparsity(e.step, schedule)) * 100));
    expect(mask.count().kept).toBe(30);
    params.forEach((v) => v.dispose());
  });
  it('rejects a schedule that ends after the run or decreases sparsity', async () => {
    const params = new Map([['w.weight', tf.variable(tf.zeros([2, 2]))]]);
    const full = MaskSet.full(new Map([['w.weight', [2, 2]]]));
    await expect(runGradual(params, full, () => undefined, { schedule, totalSteps: 20 })).rejects.toThrow(
      /totalSteps 20/,
    );
    await expect(
      runGradual(params, full, () => undefined, {
        schedule: { ...schedule, finalSparsity: 0.05 },
        totalSteps: 40,
      }),
    ).rejects.toThrow(/below initialSparsity/);
    await expect(
      runGradual(params, full, () => undefined, {
        schedule: { ...schedule, finalSparsity: 1 },
        totalSteps: 40,
      }),
    ).rejects.toThrow(/finalSparsity must be in \[0, 1\)/);
    params.forEach((v) => v.dispose());
  });
});

describe('runOneShot', () => {
  it('prunes once to the exact count and fine-tunes with the mask', async () => {
    const params = new Map([['w.weight', tf.variable(tf.tensor([0.3, -2, 0.1, 4, -0.5, 1], [2, 3]))]]);
    const calls: { steps: number; kept: number }[] = [];
    const { mask, events } = await runOneShot(
      params,
      MaskSet.full(new Map([['w.weight', [2, 3]]])),
      (p, m, steps) => {
        calls.push({ steps, kept: m.count().kept });
      },
      { sparsity: 0.5, finetuneSteps: 7 },
    );
    expect([...mask.get('w.weight').data]).toEqual([0, 1, 0, 1, 0, 1]);
    expect([...params.get('w.weight')!.dataSync()]).toEqual([0, -2, 0, 4, 0, 1]);
    expect(calls).toEqual([{ steps: 7, kept: 3 }]);
    expect(events[0]).toMatchObject({ kept: 3, sparsity: 0.5 });
    params.forEach((v) => v.dispose());
  });
});
