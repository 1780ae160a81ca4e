/**
 * Per-kernel profile of one training step: `npx tsx bench/profile.ts [transformer|demo] [backend]`
 * (backend: cpu, wasm, wasm-kernels; default wasm-kernels). Prints the kernels by total time, with
 * input shapes for products and transposes.
 */
import { tf } from '../src/engine/tf';
import { parseBenchBackend, useBackend } from './backends';
import { createReferenceModel, referenceBatch, referenceStep } from './reference-transformer';

const SHAPED = new Set([
  'BatchMatMul',
  '_FusedMatMul',
  'Transpose',
  'Conv2D',
  'Conv2DBackpropFilter',
  'Conv2DBackpropInput',
]);

async function transformerStep(): Promise<() => void> {
  const model = createReferenceModel();
  const optimizer = tf.train.adam(1e-3);
  const batch = referenceBatch();
  return () => void referenceStep(model, optimizer, batch);
}

async function demoStep(): Promise<() => void> {
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
  return () => {
    const { grads } = train.lossAndGrads(config, params, rnntBatch);
    optimizer.step(grads, { lr: 1e-3 });
    tf.dispose([...grads.values()]);
  };
}

const which = process.argv[2] ?? 'transformer';
await useBackend(parseBenchBackend(process.argv[3] ?? 'wasm-kernels'));
const step = which === 'demo' ? await demoStep() : await transformerStep();
step();
const start = performance.now();
const info = await tf.profile(step);
const wall = performance.now() - start;
const totals = new Map<string, { ms: number; calls: number }>();
for (const kernel of info.kernels) {
  const key = SHAPED.has(kernel.name) ? `${kernel.name} ${JSON.stringify(kernel.inputShapes)}` : kernel.name;
  const entry = totals.get(key) ?? { ms: 0, calls: 0 };
  entry.ms += Number(kernel.kernelTimeMs);
  entry.calls += 1;
  totals.set(key, entry);
}
const rows = [...totals.entries()].sort((a, b) => b[1].ms - a[1].ms);
const kernelMs = rows.reduce((total, [, e]) => total + e.ms, 0);
console.log(
  `${which} step under tf.profile: ${wall.toFixed(0)} ms wall, ${kernelMs.toFixed(0)} ms in kernels`,
);
for (const [key, e] of rows.slice(0, 40)) {
  console.log(
    `${e.ms.toFixed(1).padStart(9)} ms ${((100 * e.ms) / kernelMs).toFixed(1).padStart(5)} % ${String(e.calls).padStart(5)}×  ${key}`,
  );
}
