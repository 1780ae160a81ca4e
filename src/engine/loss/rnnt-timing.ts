/**
 * Timing of the RNN-T loss forward + backward on random data, for the benchmark suite
 * (performance issue: B = 8, T = 150, U = 40, V = 256 against torchaudio.functional.rnnt_loss).
 */
import { tf } from '../tf';
import { rnntLoss } from './rnnt';
import { rnntLossArrays } from './rnnt-lattice';

export interface RnntTimingOptions {
  B?: number;
  T?: number;
  U?: number;
  V?: number;
  /** Timed calls after one untimed warm-up call. */
  repeats?: number;
  /** 'arrays': rnntLossArrays on a Float32Array; 'tfjs': tf.grads of rnntLoss on the active backend. */
  via?: 'arrays' | 'tfjs';
}

export interface RnntTiming {
  shape: [number, number, number, number];
  via: 'arrays' | 'tfjs';
  /** Wall-clock milliseconds of each timed forward + backward call. */
  runs: number[];
  medianMs: number;
  /** Process CPU milliseconds (user + system) of each call: steadier than wall time on a busy machine. */
  cpuRuns: number[];
  medianCpuMs: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function randomLogits(count: number): Float32Array {
  const values = new Float32Array(count);
  let state = 12345;
  for (let i = 0; i < count; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    values[i] = (state / 2 ** 32) * 4 - 2;
  }
  return values;
}

/** Median wall time of forward + backward, full lattice, all utterances at full length, blank 0. */
export function timeRnntLoss(options: RnntTimingOptions = {}): RnntTiming {
  const { B = 8, T = 150, U = 40, V = 256, repeats = 5, via = 'arrays' } = options;
  const shape: [number, number, number, number] = [B, T, U + 1, V];
  const logits = randomLogits(B * T * (U + 1) * V);
  const targets = Int32Array.from({ length: B * U }, (_, i) => 1 + ((i * 7) % (V - 1)));
  const logitLengths = new Int32Array(B).fill(T);
  const targetLengths = new Int32Array(B).fill(U);
  const once = (): void => {
    if (via === 'arrays') {
      rnntLossArrays({ logits, shape, targets, logitLengths, targetLengths, blank: 0 }, { gradients: true });
      return;
    }
    tf.tidy(() => {
      const x = tf.tensor4d(logits, shape);
      const args = { targets: tf.tensor2d(targets, [B, U], 'int32'), logitLengths, targetLengths, blank: 0 };
      const [grad] = tf.grads((l: tf.Tensor) => rnntLoss({ ...args, logits: l }))([x]);
      grad.dataSync();
    });
  };
  once();
  const runs: number[] = [];
  const cpuRuns: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    const cpu = process.cpuUsage();
    once();
    const used = process.cpuUsage(cpu);
    runs.push(performance.now() - start);
    cpuRuns.push((used.user + used.system) / 1000);
  }
  return { shape, via, runs, medianMs: median(runs), cpuRuns, medianCpuMs: median(cpuRuns) };
}
