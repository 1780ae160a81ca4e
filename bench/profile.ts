/**
 * Per-kernel CPU profile of training steps:
 * `npx tsx bench/profile.ts [transformer|demo] [backend] [--steps N] [--shapes] [--wall]`
 * (backend: cpu, wasm, wasm-kernels; default wasm-kernels; N steps averaged, default 3). Prints the
 * step's wall and CPU time, then the kernels by CPU time per step (wall time with --wall: the figure
 * that matters with several threads, whose waiting threads burn CPU), with input shapes for products
 * and transposes (for every kernel with --shapes). PATHWAYS_WASM_THREADS sets the wasm threads.
 */
import { tf } from '../src/engine/tf';
import { parseBenchBackend, useBackend } from './backends';
import {
  createReferenceModel,
  referenceBatch,
  referenceOptimizer,
  referenceStep,
} from './reference-transformer';

const SHAPED = new Set([
  'BatchMatMul',
  '_FusedMatMul',
  'Transpose',
  'Conv2D',
  'Conv2DBackpropFilter',
  'Conv2DBackpropInput',
]);

async function transformerStep(): Promise<() => void | Promise<void>> {
  const model = createReferenceModel();
  const optimizer = referenceOptimizer(model);
  const batch = referenceBatch();
  return () => void referenceStep(model, optimizer, batch);
}

async function demoStep(): Promise<() => void | Promise<void>> {
  const model = await import('../src/engine/model');
  const train = await import('../src/engine/train');
  const { DEMO_BATCH } = await import('./cases/demo-rnnt');
  const config = model.presetConfig('demo', { dropout: 0 });
  const params = model.initParams(config, 1);
  const optimizer = new train.AdamW(params);
  const { batch, frames, labels } = DEMO_BATCH;
  const rnntBatch = {
    features: tf.randomNormal([batch, frames, config.inputDim], 0, 1, 'float32', 5) as tf.Tensor3D,
    featureLengths: new Array<number>(batch).fill(frames),
    targets: tf.randomUniform([batch, labels], 1, config.vocabSize, 'int32', 6) as tf.Tensor2D,
    targetLengths: new Array<number>(batch).fill(labels),
  };
  return async () => {
    const { grads } = await train.lossAndGrads(config, params, rnntBatch);
    optimizer.step(grads, { lr: 1e-3 });
    tf.dispose([...grads.values()]);
  };
}

function parseArgs(argv: string[]): {
  which: string;
  backend: string;
  steps: number;
  shapes: boolean;
  wall: boolean;
} {
  const positional: string[] = [];
  let steps = 3;
  let shapes = false;
  let wall = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--shapes') shapes = true;
    else if (argv[i] === '--wall') wall = true;
    else if (argv[i] === '--steps') steps = Number(argv[++i]);
    else positional.push(argv[i]);
  }
  if (!Number.isInteger(steps) || steps < 1)
    throw new Error('bench/profile.ts: --steps needs a positive integer');
  return {
    which: positional[0] ?? 'transformer',
    backend: positional[1] ?? 'wasm-kernels',
    steps,
    shapes,
    wall,
  };
}

interface Entry {
  ms: number;
  calls: number;
}

const cpuMs = (since: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

/**
 * Wrap every kernel of `backendName` so that its process CPU time (steadier than wall time on a
 * shared machine) is added to `totals` under its name, with input shapes where `shaped` says so.
 */
function timeKernels(
  backendName: string,
  shaped: (name: string) => boolean,
  totals: Map<string, Entry>,
  wallClock: boolean,
): void {
  for (const config of tf.getKernelsForBackend(backendName)) {
    const inner = config.kernelFunc;
    tf.unregisterKernel(config.kernelName, backendName);
    tf.registerKernel({
      ...config,
      kernelFunc: (args) => {
        const start = process.cpuUsage();
        const wallStart = performance.now();
        const out = inner(args);
        const ms = wallClock ? performance.now() - wallStart : cpuMs(start);
        const inputs = Object.values(args.inputs as Record<string, tf.TensorInfo>);
        const key = shaped(config.kernelName)
          ? `${config.kernelName} ${JSON.stringify(inputs.map((t) => t.shape))}`
          : config.kernelName;
        const entry = totals.get(key) ?? { ms: 0, calls: 0 };
        entry.ms += ms;
        entry.calls += 1;
        totals.set(key, entry);
        return out;
      },
    });
  }
}

const { which, backend, steps, shapes, wall: wallClock } = parseArgs(process.argv.slice(2));
await useBackend(parseBenchBackend(backend));
const step = which === 'demo' ? await demoStep() : await transformerStep();
await step();
const totals = new Map<string, Entry>();
timeKernels(tf.getBackend(), (name) => shapes || SHAPED.has(name), totals, wallClock);
const start = performance.now();
const cpuStart = process.cpuUsage();
for (let i = 0; i < steps; i++) await step();
const stepCpu = cpuMs(cpuStart) / steps;
const wall = (performance.now() - start) / steps;
const rows = [...totals.entries()].sort((a, b) => b[1].ms - a[1].ms);
const kernelMs = rows.reduce((total, [, e]) => total + e.ms, 0) / steps;
console.log(
  `${which} step on ${backend} (mean of ${steps}): ${wall.toFixed(0)} ms wall, ${stepCpu.toFixed(0)} ms CPU, ` +
    `${kernelMs.toFixed(0)} ms ${wallClock ? 'wall' : 'CPU'} in kernels`,
);
for (const [key, e] of rows.slice(0, shapes ? 60 : 40)) {
  const ms = e.ms / steps;
  console.log(
    `${ms.toFixed(1).padStart(9)} ms ${((100 * ms) / kernelMs).toFixed(1).padStart(5)} % ${String(Math.round(e.calls / steps)).padStart(5)}×  ${key}`,
  );
}
