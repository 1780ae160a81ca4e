import { tf } from '../../../src/engine/tf';
import { runImp, type ImpOptions } from '../../../src/engine/prune/imp';
import { runOneShot } from '../../../src/engine/prune/one-shot';
import { MaskSet } from '../../../src/engine/prune/mask-set';
import type { ParamMap } from '../../../src/engine/prune/param-map';
import { SeededRandom } from '../../../src/engine/model/random';
import type { TrainFn } from '../../../src/engine/prune/train-callback';
import { useTestBackend } from '../../helpers/backend';

beforeAll(async () => {
  await useTestBackend();
});

const shapes = new Map([
  ['a.weight', [6, 5]],
  ['b.weight', [5, 4]],
]);

function model(): ParamMap {
  const rng = new SeededRandom(9);
  return new Map(
    [...shapes].map(([name, shape]) => [
      name,
      tf.variable(
        tf.tensor(
          Array.from({ length: shape[0] * shape[1] }, () => rng.next() * 2 - 1),
          shape,
        ),
      ),
    ]),
  );
}

/** What a job checkpoints after every step: the step, weights, the mask in use, and the round it belongs to. */
interface Saved {
  step: number;
  values: Map<string, Float32Array>;
  mask: MaskSet;
  segmentStart: number;
  roundsDone: number;
}

/** A job's side of pruning: its TrainFn, the LTH rewind-point hook, and the rewind point's weights it saved. */
interface JobTrainer {
  train: TrainFn;
  onRewindPoint: () => void;
  rewind?: Map<string, Float32Array>;
}

const copyValues = (params: ParamMap) =>
  new Map([...params].map(([n, p]) => [n, Float32Array.from(p.dataSync())]));

/**
 * A job-style trainer: every global step s adds a deterministic perturbation to the masked weights; steps its
 * resume point already covers are skipped; it dies (throws) when asked to take step `killAt`. Its checkpoints
 * record the first step of their round and the rounds before it; the rewind point (of `weights`) is saved.
 */
function jobTrainer(
  from: Saved | undefined,
  killAt: number | undefined,
  saves: Saved[],
  weights?: ParamMap,
): JobTrainer {
  let done = from?.step ?? 0;
  let planned = from?.segmentStart ?? 0;
  let next = { segmentStart: planned, roundsDone: from?.roundsDone ?? 0 };
  const job: JobTrainer = {
    train: (params, mask, steps) => {
      const here = next;
      const end = (planned += steps);
      next = { segmentStart: end, roundsDone: here.roundsDone + 1 };
      for (let s = Math.max(end - steps, done); s < end; s++) {
        if (s === killAt) throw new Error('killed');
        for (const [name, m] of mask.masks) {
          const v = params.get(name)!;
          const delta = m.data.map((keep, i) => keep * 0.05 * Math.sin(3 * s + i));
          tf.tidy(() => v.assign(tf.add(v, tf.tensor(Float32Array.from(delta), m.shape))));
        }
        done = s + 1;
        saves.push({ step: done, values: copyValues(params), mask: mask.clone(), ...here });
      }
    },
    onRewindPoint: () => {
      job.rewind = copyValues(weights!);
      next = { segmentStart: 0, roundsDone: 0 };
    },
  };
  return job;
}

function restore(values: Map<string, Float32Array>): ParamMap {
  return new Map([...values].map(([n, v]) => [n, tf.variable(tf.tensor(v, shapes.get(n)!))]));
}

const values = (p: ParamMap) => new Map([...p].map(([n, v]) => [n, Array.from(v.dataSync())]));

describe('pruning resumed from a checkpoint', () => {
  const options: ImpOptions = { sparsity: 0.75, rounds: 3, stepsPerRound: 4, finalSteps: 3 };

  it.each([2, 4, 7, 12, 14])(
    'IMP killed before step %i ends with the weights and mask of a straight run',
    async (killAt) => {
      const straight = model();
      const a = await runImp(
        straight,
        MaskSet.full(shapes),
        jobTrainer(undefined, undefined, []).train,
        options,
      );

      const first = model();
      const saves: Saved[] = [];
      await expect(
        runImp(first, MaskSet.full(shapes), jobTrainer(undefined, killAt, saves).train, options),
      ).rejects.toThrow('killed');
      const last = saves[saves.length - 1];
      const resumed = restore(last.values);
      const b = await runImp(resumed, MaskSet.full(shapes), jobTrainer(last, undefined, []).train, options, {
        roundsDone: last.roundsDone,
        mask: last.mask,
      });
      expect(b.mask.equals(a.mask)).toBe(true);
      expect(values(resumed)).toEqual(values(straight));
      for (const p of [straight, first, resumed]) p.forEach((v) => v.dispose());
    },
  );

  it('LTH resume needs the rewind weights', async () => {
    const params = model();
    await expect(
      runImp(
        params,
        MaskSet.full(shapes),
        () => undefined,
        { ...options, rewind: { to: 'start' } },
        {
          roundsDone: 1,
          mask: MaskSet.full(shapes),
        },
      ),
    ).rejects.toThrow(/rewind/);
    params.forEach((v) => v.dispose());
  });

  it('one-shot resumed with its mask does not prune the moved weights again', async () => {
    const straight = model();
    const a = await runOneShot(straight, MaskSet.full(shapes), jobTrainer(undefined, undefined, []).train, {
      sparsity: 0.6,
      finetuneSteps: 6,
    });
    const first = model();
    const saves: Saved[] = [];
    await expect(
      runOneShot(first, MaskSet.full(shapes), jobTrainer(undefined, 3, saves).train, {
        sparsity: 0.6,
        finetuneSteps: 6,
      }),
    ).rejects.toThrow('killed');
    const last = saves[saves.length - 1];
    const resumed = restore(last.values);
    const b = await runOneShot(
      resumed,
      MaskSet.full(shapes),
      jobTrainer(last, undefined, []).train,
      { sparsity: 0.6, finetuneSteps: 6 },
      { mask: last.mask },
    );
    expect(b.mask.equals(a.mask)).toBe(true);
    expect(values(resumed)).toEqual(values(straight));
    for (const p of [straight, first, resumed]) p.forEach((v) => v.dispose());
  });
});

describe('LTH resumed from a checkpoint', () => {
  const k = 2;
  const toStep: ImpOptions = {
    sparsity: 0.75,
    rounds: 3,
    stepsPerRound: 4,
    finalSteps: 3,
    rewind: { to: 'step', step: k },
  };

  /** Kill a job-style LTH run before step `killAt`, resume it (with its saved rewind point if `keepRewind`). */
  async function killAndResume(killAt: number, keepRewind: boolean, lth = toStep) {
    const straight = model();
    const a = await runImp(straight, MaskSet.full(shapes), jobTrainer(undefined, undefined, []).train, lth);
    const first = model();
    const saves: Saved[] = [];
    const killed = jobTrainer(undefined, killAt, saves, first);
    await expect(
      runImp(first, MaskSet.full(shapes), killed.train, { ...lth, onRewindPoint: killed.onRewindPoint }),
    ).rejects.toThrow('killed');
    const last = saves[saves.length - 1];
    const resumed = restore(last.values);
    const rewindTo = keepRewind && killed.rewind ? restore(killed.rewind) : undefined;
    const job = jobTrainer(last, undefined, [], resumed);
    const b = await runImp(
      resumed,
      MaskSet.full(shapes),
      job.train,
      { ...lth, onRewindPoint: job.onRewindPoint },
      { roundsDone: last.roundsDone, mask: last.mask, rewindTo },
    );
    expect(b.mask.equals(a.mask)).toBe(true);
    expect(values(resumed)).toEqual(values(straight));
    expect(job.rewind !== undefined, 'the resumed run takes the rewind point itself').toBe(!rewindTo);
    if (job.rewind && killed.rewind) expect(job.rewind).toEqual(killed.rewind);
    for (const p of [straight, first, resumed, rewindTo ?? new Map()]) p.forEach((v) => v.dispose());
    return { last, taken: killed.rewind !== undefined };
  }

  it('killed before step k: resumes in round 1 without a rewind point and takes it at step k', async () => {
    const { last, taken } = await killAndResume(1, true);
    expect({ step: last.step, roundsDone: last.roundsDone, taken }).toEqual({
      step: 1,
      roundsDone: 0,
      taken: false,
    });
  });

  it.each([
    [3, 'in round 1, after step k'],
    [6, 'in round 2'],
    [13, 'in the final training'],
  ])('killed before step %i (%s): resumes with the saved rewind point', async (killAt) => {
    const { taken } = await killAndResume(killAt, true);
    expect(taken).toBe(true);
  });

  it('resumed exactly at step k without the saved rewind point takes it again, identically', async () => {
    const { last, taken } = await killAndResume(k, false);
    expect({ step: last.step, taken }).toEqual({ step: k, taken: true });
  });

  it('resumed after round 1 without the rewind point is refused', async () => {
    const params = model();
    await expect(
      runImp(params, MaskSet.full(shapes), () => undefined, toStep, {
        roundsDone: 1,
        mask: MaskSet.full(shapes),
      }),
    ).rejects.toThrow(/after 1 rounds needs the weights of its rewind point/);
    params.forEach((v) => v.dispose());
  });

  it.each([3, 9])(
    'to start, killed before step %i: resumes with the rewind point saved before round 1',
    async (killAt) => {
      const { taken } = await killAndResume(killAt, true, { ...toStep, rewind: { to: 'start' } });
      expect(taken).toBe(true);
    },
  );
});
