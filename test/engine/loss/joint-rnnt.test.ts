import { rnntLoss } from '../../../src/engine/loss/rnnt';
import { jointRnntLoss } from '../../../src/engine/loss/joint-rnnt';
import { SeededRandom } from '../../../src/engine/model/random';
import { tf } from '../../../src/engine/tf';
import { useBackend } from '../model/fixtures';

const B = 3;
const T = 7;
const U = 4;
const J = 6;
const V = 5;
const targets = Int32Array.from([1, 2, 3, 4, 4, 1, 0, 0, 2, 0, 0, 0]);
const targetLengths = [4, 2, 1];
const logitLengths = [7, 5, 6];

function randomArray(size: number, seed: number, scale: number): Float32Array {
  const rng = new SeededRandom(seed);
  return Float32Array.from({ length: size }, () => scale * rng.normal());
}

interface Inputs {
  enc: Float32Array;
  pred: Float32Array;
  w: Float32Array;
  b: Float32Array;
}

const INPUTS: Inputs = {
  enc: randomArray(B * T * J, 1, 1),
  pred: randomArray(B * (U + 1) * J, 2, 1),
  w: randomArray(J * V, 3, 1.5),
  b: randomArray(V, 4, 0.5),
};
/** Per-utterance weights of the upstream gradient, so that reduction 'none' is checked row by row. */
const WEIGHTS = [0.5, -1.25, 2];

type Result = { loss: number[]; grads: number[][] };

function tensors(inputs: Inputs): tf.Tensor[] {
  return [
    tf.tensor3d(inputs.enc, [B, T, J]),
    tf.tensor3d(inputs.pred, [B, U + 1, J]),
    tf.tensor2d(inputs.w, [J, V]),
    tf.tensor1d(inputs.b),
  ];
}

/** Unfused formulation: tanh joiner with tfjs autodiff and the standalone loss op. */
function unfused(inputs: Inputs): Result {
  return tf.tidy(() => {
    const xs = tensors(inputs);
    const lossOf = (enc: tf.Tensor, pred: tf.Tensor, w: tf.Tensor, b: tf.Tensor): tf.Tensor => {
      const hidden = tf.tanh(tf.add(tf.expandDims(enc, 2), tf.expandDims(pred, 1)));
      const logits = tf.add(tf.reshape(tf.matMul(tf.reshape(hidden, [-1, J]), w), [B, T, U + 1, V]), b);
      return rnntLoss({ logits, targets, logitLengths, targetLengths, blank: 0, reduction: 'none' });
    };
    const loss = lossOf(xs[0], xs[1], xs[2], xs[3]);
    const grads = tf.grads((e, p, w, b) => tf.sum(tf.mul(lossOf(e, p, w, b), WEIGHTS)))(xs);
    return { loss: Array.from(loss.dataSync()), grads: grads.map((g) => Array.from(g.dataSync())) };
  });
}

function fused(inputs: Inputs): Result {
  return tf.tidy(() => {
    const xs = tensors(inputs);
    const lossOf = (enc: tf.Tensor, pred: tf.Tensor, w: tf.Tensor, b: tf.Tensor): tf.Tensor =>
      jointRnntLoss({
        encoder: enc,
        predictor: pred,
        weight: w,
        bias: b,
        targets,
        logitLengths,
        targetLengths,
        blank: 0,
        reduction: 'none',
      });
    const loss = lossOf(xs[0], xs[1], xs[2], xs[3]);
    const grads = tf.grads((e, p, w, b) => tf.sum(tf.mul(lossOf(e, p, w, b), WEIGHTS)))(xs);
    return { loss: Array.from(loss.dataSync()), grads: grads.map((g) => Array.from(g.dataSync())) };
  });
}

function expectClose(actual: Result, expected: Result, tolerance: number): void {
  actual.loss.forEach((l, i) =>
    expect(Math.abs(l - expected.loss[i])).toBeLessThan(tolerance * (1 + Math.abs(l))),
  );
  actual.grads.forEach((g, k) => {
    const scale = Math.max(...expected.grads[k].map(Math.abs));
    expect(scale).toBeGreaterThan(0);
    g.forEach((x, i) => expect(Math.abs(x - expected.grads[k][i])).toBeLessThan(tolerance * scale));
  });
}

describe('jointRnntLoss (fused joiner + RNN-T loss)', () => {
  let oracle: Result;

  beforeAll(async () => {
    await useBackend('cpu');
    oracle = unfused(INPUTS);
  });

  it('matches the unfused tanh joiner + rnntLoss on cpu, forward and every gradient', () => {
    expect(oracle.loss.every((l) => Number.isFinite(l) && l > 0)).toBe(true);
    expectClose(fused(INPUTS), oracle, 2e-5);
  });

  it('runs on wasm with the engine kernels and matches the cpu oracle', async () => {
    await useBackend('wasm');
    try {
      expectClose(fused(INPUTS), oracle, 2e-5);
    } finally {
      await useBackend('cpu');
    }
  });

  it('rejects mismatched shapes with the shapes it got', () => {
    const [enc, pred, w, b] = tensors(INPUTS);
    expect(() =>
      jointRnntLoss({
        encoder: enc,
        predictor: tf.slice(pred, [0, 0, 0], [B, U + 1, J - 1]),
        weight: w,
        bias: b,
        targets,
        logitLengths,
        targetLengths,
        blank: 0,
        reduction: 'mean',
      }),
    ).toThrow(/predictor \[B, U\+1, J\].*\[3,5,5\]/);
    tf.dispose([enc, pred, w, b]);
  });
});
