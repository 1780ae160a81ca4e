/**
 * Every benchmark by name. Node benchmarks run in a child process (bench/child.ts) so that each one's
 * peak RSS is its own; PyTorch ones run bench/torch/*.py with Debian's python3.
 */
import type { BenchResult } from '../protocol';

export interface NodeCase {
  name: string;
  kind: 'node';
  description: string;
  /** Skipped under --quick: one step takes minutes. */
  slow?: boolean;
  run(quick: boolean): Promise<BenchResult>;
}

export interface PythonCase {
  name: string;
  kind: 'python';
  description: string;
  script: string;
  args(quick: boolean): string[];
  /** Which metric of the script's JSON line is the headline, and its unit. */
  primary: { metric: string; unit: string };
}

export type BenchCase = NodeCase | PythonCase;

const transformer = (backend: 'cpu' | 'wasm' | 'wasm-kernels'): NodeCase => ({
  name: `transformer-${backend}`,
  kind: 'node',
  description: `reference transformer training step, tfjs ${backend}`,
  run: async (quick) =>
    (await import('./transformer')).benchTransformer(`transformer-${backend}`, backend, quick),
});

const rnntLoss = (backend: 'cpu' | 'wasm-kernels'): NodeCase => ({
  name: `rnnt-loss-${backend}`,
  kind: 'node',
  description: `RNN-T loss forward+backward B=8 T=150 U=40 V=256, tfjs ${backend}`,
  run: async (quick) => (await import('./rnnt-loss')).benchRnntLoss(`rnnt-loss-${backend}`, backend, quick),
});

const demo = (backend: 'cpu' | 'wasm' | 'wasm-kernels'): NodeCase => ({
  name: `demo-rnnt-${backend}`,
  kind: 'node',
  description: `demo RNN-T training step (8 × 7.5 s, 80 labels), tfjs ${backend}`,
  slow: backend === 'cpu',
  run: async (quick) => (await import('./demo-rnnt')).benchDemoRnnt(`demo-rnnt-${backend}`, backend, quick),
});

const demoPruned: NodeCase = {
  name: 'demo-rnnt-pruned-wasm-kernels',
  kind: 'node',
  description:
    'demo RNN-T training step (8 × 7.5 s, 80 labels) with the pruned RNN-T loss (range 5), tfjs wasm-kernels',
  run: async (quick) =>
    (await import('./demo-rnnt')).benchDemoRnnt(
      'demo-rnnt-pruned-wasm-kernels',
      'wasm-kernels',
      quick,
      'pruned',
    ),
};

/** The demo step with the lattice read asynchronously, as on webgpu: the cost of its second forward on wasm. */
const demoAsyncRead = (loss: 'full' | 'pruned'): NodeCase => {
  const name = `demo-rnnt${loss === 'pruned' ? '-pruned' : ''}-async-read-wasm-kernels`;
  return {
    name,
    kind: 'node',
    description: `demo RNN-T training step (8 × 7.5 s, 80 labels, ${loss} loss), lattice read asynchronously as on webgpu, tfjs wasm-kernels`,
    run: async (quick) =>
      (await import('./demo-rnnt')).benchDemoRnnt(name, 'wasm-kernels', quick, loss, 'async'),
  };
};

export const BENCH_CASES: BenchCase[] = [
  transformer('wasm-kernels'),
  {
    name: 'transformer-wasm-kernels-2t',
    kind: 'node',
    description:
      'reference transformer training step, tfjs wasm-kernels on 2 threads (PyTorch uses 2 BLAS threads)',
    run: async (quick) =>
      (await import('./transformer')).benchTransformer(
        'transformer-wasm-kernels-2t',
        'wasm-kernels',
        quick,
        2,
      ),
  },
  transformer('wasm'),
  transformer('cpu'),
  {
    name: 'transformer-torch',
    kind: 'python',
    description: 'reference transformer training step, PyTorch (1 thread)',
    script: 'bench/torch/reference_transformer.py',
    args: (quick) => (quick ? ['--steps', '5', '--warmup', '2'] : ['--steps', '20', '--warmup', '3']),
    primary: { metric: 'msPerStep', unit: 'ms/step' },
  },
  demo('wasm-kernels'),
  demoPruned,
  demoAsyncRead('full'),
  demoAsyncRead('pruned'),
  demo('wasm'),
  demo('cpu'),
  {
    name: 'demo-rnnt-torch',
    kind: 'python',
    description: 'demo RNN-T training step (8 × 7.5 s, 80 labels), PyTorch + torchaudio rnnt_loss (1 thread)',
    script: 'bench/torch/demo_rnnt.py',
    args: (quick) => (quick ? ['--steps', '2', '--warmup', '1'] : ['--steps', '5', '--warmup', '1']),
    primary: { metric: 'msPerStep', unit: 'ms/step' },
  },
  rnntLoss('wasm-kernels'),
  rnntLoss('cpu'),
  {
    name: 'rnnt-loss-torch',
    kind: 'python',
    description: 'torchaudio.functional.rnnt_loss forward+backward B=8 T=150 U=40 V=256 (1 thread)',
    script: 'bench/torch/rnnt_loss.py',
    args: (quick) => (quick ? ['--steps', '3', '--warmup', '1'] : ['--steps', '10', '--warmup', '1']),
    primary: { metric: 'msPerStep', unit: 'ms fwd+bwd' },
  },
  {
    name: 'decode-rtf',
    kind: 'node',
    description:
      "streaming decode RTF, 20 s in 320 ms chunks, tfjs wasm-kernels: demo model with random weights, and PATHWAYS_BENCH_RUN's trained model on its test speech when set",
    run: async (quick) => (await import('./decode')).benchDecode('decode-rtf', 'wasm-kernels', quick),
  },
  {
    name: 'decode-batch',
    kind: 'node',
    description:
      'evaluation decoding, utterances/s: one at a time vs batched greedy search, demo model (random weights), tfjs wasm-kernels',
    run: async (quick) =>
      (await import('./decode-batch')).benchDecodeBatch('decode-batch', 'wasm-kernels', quick),
  },
  {
    name: 'features',
    kind: 'node',
    description: 'import + features: WAV decode, resample to 16 kHz, 80-dim log-mel',
    run: async (quick) => (await import('./features')).benchFeatures('features', quick),
  },
  {
    name: 'data-parallel',
    kind: 'node',
    description: 'reference transformer, 2 worker threads × half batch vs 1 thread (wasm-kernels)',
    run: async (quick) =>
      (await import('./data-parallel')).benchDataParallel('data-parallel', 'wasm-kernels', quick),
  },
];

export const findCase = (name: string): BenchCase | undefined => BENCH_CASES.find((c) => c.name === name);
