import { tf } from '../../../src/engine/tf';
import { magnitudePrune, pruneByScore, pruneParams, zeroPruned } from '../../../src/engine/prune/magnitude';
import { MaskSet } from '../../../src/engine/prune/mask-set';
import { SeededRandom } from '../../../src/engine/model/random';
import type { TensorData } from '../../../src/engine/prune/param-map';
import { useTestBackend } from '../../helpers/backend';

beforeAll(async () => {
  await useTestBackend();
});

function t(shape: number[], values: number[]): TensorData {
  return { shape, data: Float32Array.from(values) };
}

const tiny = new Map([
  ['a.weight', t([2, 2], [0.5, -3, 2, 0.1])],
  ['b.weight', t([1, 3], [-1, 4, 0.2])],
]);

/** Oracle: sort every (|v|, name, index) and keep the first k. */
function bruteForce(weights: Map<string, TensorData>, k: number, alive?: MaskSet): Map<string, number[]> {
  const all: { v: number; name: string; i: number }[] = [];
  for (const name of [...weights.keys()].sort()) {
    weights.get(name)!.data.forEach((v, i) => {
      if (!alive || alive.get(name).data[i]) all.push({ v: Math.abs(v), name, i });
    });
  }
  all.sort((x, y) => y.v - x.v || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0) || x.i - y.i);
  const out = new Map([...weights].map(([name, w]) => [name, new Array<number>(w.data.length).fill(0)]));
  for (const e of all.slice(0, k)) out.get(e.name)![e.i] = 1;
  return out;
}

function bits(m: MaskSet): Map<string, number[]> {
  return new Map([...m.masks].map(([name, x]) => [name, [...x.data]]));
}

describe('one-shot magnitude pruning', () => {
  it('global: hand-checked tiny case keeps round((1-s)N) largest |θ|', async () => {
    // N = 7, s = 0.5 → keep round(3.5) = 4: 4, -3, 2, -1
    const m = magnitudePrune(tiny, { sparsity: 0.5 });
    expect(bits(m)).toEqual(
      new Map([
        ['a.weight', [0, 1, 1, 0]],
        ['b.weight', [1, 1, 0]],
      ]),
    );
  });
  it('per-tensor: hand-checked tiny case keeps round((1-s)n) in each tensor', async () => {
    // a: keep 2 of 4 (-3, 2); b: keep round(1.5) = 2 of 3 (4, -1)
    const m = magnitudePrune(tiny, { sparsity: 0.5, scope: 'per-tensor' });
    expect(bits(m)).toEqual(
      new Map([
        ['a.weight', [0, 1, 1, 0]],
        ['b.weight', [1, 1, 0]],
      ]),
    );
    const m2 = magnitudePrune(tiny, { sparsity: 0.7, scope: 'per-tensor' });
    expect(bits(m2)).toEqual(
      new Map([
        ['a.weight', [0, 1, 0, 0]],
        ['b.weight', [0, 1, 0]],
      ]),
    );
  });
  it('breaks ties by tensor name, then index', async () => {
    const equal = new Map([
      ['z.weight', t([3], [1, 1, 1])],
      ['y.weight', t([3], [1, -1, 1])],
    ]);
    const m = magnitudePrune(equal, { sparsity: 0.5 });
    expect(bits(m)).toEqual(
      new Map([
        ['y.weight', [1, 1, 1]],
        ['z.weight', [0, 0, 0]],
      ]),
    );
  });
  it('matches a brute-force oracle, exact count, on random data with many ties', async () => {
    const rng = new SeededRandom(3);
    const random = () => rng.next();
    const weights = new Map([
      [
        'l1.weight',
        t(
          [13, 17],
          Array.from({ length: 221 }, () => Math.round((random() - 0.5) * 20) / 4),
        ),
      ],
      [
        'l2.weight',
        t(
          [5, 9],
          Array.from({ length: 45 }, () => Math.round((random() - 0.5) * 20) / 4),
        ),
      ],
    ]);
    for (const s of [0, 0.1, 0.5, 0.706, 0.95]) {
      const k = Math.round((1 - s) * 266);
      const m = magnitudePrune(weights, { sparsity: s });
      expect(m.count().kept).toBe(k);
      expect(bits(m)).toEqual(bruteForce(weights, k));
      const p = magnitudePrune(weights, { sparsity: s, scope: 'per-tensor' });
      for (const [name, c] of p.perTensor()) {
        expect(c.kept).toBe(Math.round((1 - s) * c.total));
        expect(Math.abs(c.sparsity - s)).toBeLessThanOrEqual(1 / c.total);
        expect(bits(p).get(name)).toEqual(
          bruteForce(new Map([[name, weights.get(name)!]]), c.kept).get(name),
        );
      }
    }
  });
  it('prunes only among survivors of a previous mask', async () => {
    const alive = new MaskSet(
      new Map([
        ['a.weight', { shape: [2, 2], data: Uint8Array.from([1, 0, 1, 1]) }],
        ['b.weight', { shape: [1, 3], data: Uint8Array.from([1, 0, 1]) }],
      ]),
    );
    // survivors: 0.5, 2, 0.1, -1, 0.2; keep round(0.3*7) = 2 → 2, -1
    const m = magnitudePrune(tiny, { sparsity: 0.7, within: alive });
    expect(bits(m)).toEqual(bruteForce(tiny, 2, alive));
    expect(bits(m)).toEqual(
      new Map([
        ['a.weight', [0, 0, 1, 0]],
        ['b.weight', [1, 0, 0]],
      ]),
    );
    expect(() => magnitudePrune(tiny, { sparsity: 0.1, within: alive })).toThrow(/only 5 survive/);
  });
  it('rejects bad sparsity, NaN scores and mismatched masks', async () => {
    expect(() => magnitudePrune(tiny, { sparsity: 1 })).toThrow(/sparsity must be in \[0, 1\)/);
    expect(() => pruneByScore(new Map([['a', t([2], [1, NaN])]]), { sparsity: 0.5 })).toThrow(
      /'a' is NaN at index 1/,
    );
    const wrong = new MaskSet(
      new Map([
        ['a.weight', { shape: [4], data: new Uint8Array(4) }],
        ['b.weight', { shape: [1, 3], data: new Uint8Array(3) }],
      ]),
    );
    expect(() => magnitudePrune(tiny, { sparsity: 0.5, within: wrong })).toThrow(
      /'a.weight' has shape \[2,2\].*\[4\]/,
    );
  });
});

describe('pruning a parameter map', () => {
  it('prunes tf variables and zeroes pruned weights in place', async () => {
    const params = new Map([
      ['a.weight', tf.variable(tf.tensor([0.5, -3, 2, 0.1], [2, 2]))],
      ['b.weight', tf.variable(tf.tensor([-1, 4, 0.2], [1, 3]))],
      ['b.bias', tf.variable(tf.tensor([7]))],
    ]);
    const full = MaskSet.full(
      new Map([
        ['a.weight', [2, 2]],
        ['b.weight', [1, 3]],
      ]),
    );
    const m = await pruneParams(params, full, 0.5);
    zeroPruned(params, m);
    expect([...params.get('a.weight')!.dataSync()]).toEqual([0, -3, 2, 0]);
    expect([...params.get('b.weight')!.dataSync()]).toEqual([-1, 4, 0]);
    expect([...params.get('b.bias')!.dataSync()]).toEqual([7]);
    params.forEach((v) => v.dispose());
  });
});
