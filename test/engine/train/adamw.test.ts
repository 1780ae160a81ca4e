import { AdamW } from '../../../src/engine/train/adamw';
import { tf } from '../../../src/engine/tf';
import { useBackend } from '../model/fixtures';

function paramMap(values: Record<string, number[]>): Map<string, tf.Variable> {
  return new Map(Object.entries(values).map(([k, v]) => [k, tf.variable(tf.tensor1d(v))]));
}

describe.each(['cpu', 'wasm'])('AdamW on %s', (backend) => {
  beforeAll(async () => useBackend(backend));

  it('matches a hand-computed AdamW trajectory (float64 oracle)', async () => {
    const params = paramMap({ 'w.weight': [0.5, -1.0, 2.0], 'w.bias': [0.1, 0.2, 0.3] });
    const opt = new AdamW(params, { beta1: 0.9, beta2: 0.98, eps: 1e-8, weightDecay: 0.1 });
    const grads = [
      [0.3, -0.2, 0.05],
      [-0.1, 0.4, 0.0],
      [0.2, 0.2, -0.3],
    ];
    const lrs = [0.01, 0.02, 0.005];
    const expected = { w: [0.5, -1.0, 2.0], b: [0.1, 0.2, 0.3] };
    const state = { mw: [0, 0, 0], vw: [0, 0, 0], mb: [0, 0, 0], vb: [0, 0, 0] };
    grads.forEach((g, step) => {
      const t = step + 1;
      const update = (p: number[], m: number[], v: number[], decay: number): void => {
        for (let i = 0; i < 3; i++) {
          m[i] = 0.9 * m[i] + 0.1 * g[i];
          v[i] = 0.98 * v[i] + 0.02 * g[i] * g[i];
          const mh = m[i] / (1 - 0.9 ** t);
          const vh = v[i] / (1 - 0.98 ** t);
          p[i] -= lrs[step] * (mh / (Math.sqrt(vh) + 1e-8) + decay * p[i]);
        }
      };
      update(expected.w, state.mw, state.vw, 0.1);
      update(expected.b, state.mb, state.vb, 0); // biases get no decay by default
      const gm = new Map([
        ['w.weight', tf.tensor1d(g)],
        ['w.bias', tf.tensor1d(g)],
      ]);
      opt.step(gm, { lr: lrs[step] });
      gm.forEach((x) => x.dispose());
    });
    Array.from(params.get('w.weight')!.dataSync()).forEach((x, i) => expect(x).toBeCloseTo(expected.w[i], 5));
    Array.from(params.get('w.bias')!.dataSync()).forEach((x, i) => expect(x).toBeCloseTo(expected.b[i], 5));
    expect(opt.stepCount).toBe(3);
    opt.dispose();
    params.forEach((p) => p.dispose());
  });

  it('leaves masked-out weights and their moments bit-for-bit unchanged', async () => {
    const init = [0.1, -0.7, 1.3, 2.2, -3.1, 0.01];
    const params = paramMap({ 'a.weight': init });
    const reference = paramMap({ 'a.weight': init });
    const opt = new AdamW(params, { weightDecay: 0.05 });
    const refOpt = new AdamW(reference, { weightDecay: 0.05 });
    const mask = tf.tensor1d([1, 0, 1, 0, 0, 1]);
    const before = await opt.exportState();
    for (let s = 0; s < 4; s++) {
      const g = tf.tensor1d([0.3, -0.5, 0.2 * s, 1.5, -2, 0.7]);
      opt.step(new Map([['a.weight', g]]), { lr: 0.1, updateMasks: new Map([['a.weight', mask]]) });
      refOpt.step(new Map([['a.weight', g]]), { lr: 0.1 });
      g.dispose();
    }
    const after = params.get('a.weight')!.dataSync();
    const ref = reference.get('a.weight')!.dataSync();
    const state = await opt.exportState();
    const bits = (x: ArrayLike<number>, i: number): number =>
      new Uint32Array(Float32Array.of(x[i]).buffer)[0];
    for (const i of [1, 3, 4]) {
      expect(bits(after, i)).toBe(bits(Float32Array.from(init), i));
      expect(state.get('optimizer.m.a.weight')!.data[i]).toBe(before.get('optimizer.m.a.weight')!.data[i]);
      expect(state.get('optimizer.v.a.weight')!.data[i]).toBe(before.get('optimizer.v.a.weight')!.data[i]);
    }
    for (const i of [0, 2, 5]) expect(after[i]).toBe(ref[i]);
    tf.dispose([mask]);
    [opt, refOpt].forEach((o) => o.dispose());
    [...params.values(), ...reference.values()].forEach((p) => p.dispose());
  });

  it('continues identically after exporting and importing its state', async () => {
    const a = paramMap({ 'x.weight': [1, 2, 3] });
    const b = paramMap({ 'x.weight': [1, 2, 3] });
    const optA = new AdamW(a);
    const grad = (s: number) => new Map([['x.weight', tf.tensor1d([0.1 * s, -0.2, 0.3 / s])]]);
    for (let s = 1; s <= 2; s++) optA.step(grad(s), { lr: 0.01 });
    b.get('x.weight')!.assign(a.get('x.weight')!);
    const optB = new AdamW(b);
    optB.importState(await optA.exportState());
    for (let s = 3; s <= 5; s++) {
      optA.step(grad(s), { lr: 0.01 });
      optB.step(grad(s), { lr: 0.01 });
    }
    expect(Array.from(b.get('x.weight')!.dataSync())).toEqual(Array.from(a.get('x.weight')!.dataSync()));
    expect(optB.stepCount).toBe(5);
    expect(() => optB.step(new Map([['nope', tf.zeros([3])]]), { lr: 1 })).toThrow(
      /'nope' names no parameter/,
    );
  });
});
