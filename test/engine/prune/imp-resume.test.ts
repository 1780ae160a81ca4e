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

/** What a job checkpoints after every step: the step, weights, the mask in use, and where its train call began. */
interface Saved {
  step: number;
  values: Map<string, Float32Array>;
  mask: MaskSet;
  segmentStart: number;
  roundsDone: number;
}

/**
 * A job-style TrainFn: every global step s adds a deterministic perturbation to the masked weights; steps its
 * resume point already covers are skipped; it dies (throws) when asked to take step `killAt`.
 */
function jobTrainer(from: Saved | undefined, killAt: number | undefined, saves: Saved[]): TrainFn {
  let done = from?.step ?? 0;
  let planned = from?.segmentStart ?? 0;
  let calls = from?.roundsDone ?? 0;
  return (params, mask, steps) => {
    const roundsDone = calls++;
    const start = planned;
    planned += steps;
    for (let s = Math.max(start, done); s < start + steps; s++) {
      if (s === killAt) throw new Error('killed');
      for (const [name, m] of mask.masks) {
        const v = params.get(name)!;
        const delta = m.data.map((keep, i) => keep * 0.05 * Math.sin(3 * s + i));
        tf.tidy(() => v.assign(tf.add(v, tf.tensor(Float32Array.from(delta), m.shape))));
      }
      done = s + 1;
      saves.push({
        step: done,
        values: new Map([...params].map(([n, p]) => [n, Float32Array.from(p.dataSync())])),
        mask: mask.clone(),
        segmentStart: start,
        roundsDone,
      });
    }
  };
}

function restore(saved: Saved): ParamMap {
  return new Map([...saved.values].map(([n, v]) => [n, tf.variable(tf.tensor(v, shapes.get(n)!))]));
}

const values = (p: ParamMap) => new Map([...p].map(([n, v]) => [n, Array.from(v.dataSync())]));

describe('pruning resumed from a checkpoint', () => {
  const options: ImpOptions = { sparsity: 0.75, rounds: 3, stepsPerRound: 4, finalSteps: 3 };

  it.each([2, 4, 7, 12, 14])(
    'IMP killed before step %i ends with the weights and mask of a straight run',
    async (killAt) => {
      const straight = model();
      const a = await runImp(straight, MaskSet.full(shapes), jobTrainer(undefined, undefined, []), options);

      const first = model();
      const saves: Saved[] = [];
      await expect(
        runImp(first, MaskSet.full(shapes), jobTrainer(undefined, killAt, saves), options),
      ).rejects.toThrow('killed');
      const last = saves[saves.length - 1];
      const resumed = restore(last);
      const b = await runImp(resumed, MaskSet.full(shapes), jobTrainer(last, undefined, []), options, {
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
    const a = await runOneShot(straight, MaskSet.full(shapes), jobTrainer(undefined, undefined, []), {
      sparsity: 0.6,
      finetuneSteps: 6,
    });
    const first = model();
    const saves: Saved[] = [];
    await expect(
      runOneShot(first, MaskSet.full(shapes), jobTrainer(undefined, 3, saves), {
        sparsity: 0.6,
        finetuneSteps: 6,
      }),
    ).rejects.toThrow('killed');
    const last = saves[saves.length - 1];
    const resumed = restore(last);
    const b = await runOneShot(
      resumed,
      MaskSet.full(shapes),
      jobTrainer(last, undefined, []),
      { sparsity: 0.6, finetuneSteps: 6 },
      { mask: last.mask },
    );
    expect(b.mask.equals(a.mask)).toBe(true);
    expect(values(resumed)).toEqual(values(straight));
    for (const p of [straight, first, resumed]) p.forEach((v) => v.dispose());
  });
});
