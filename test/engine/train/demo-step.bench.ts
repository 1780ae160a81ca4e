/**
 * One training step of the 'demo' preset on a ~57 s batch (8 × 7.12 s, 100 labels each, V = 43):
 * `npx tsx test/engine/train/demo-step.bench.ts [wasm|cpu] [band]` (band: band-limited loss width). Prints ms per step (median of 3 after a
 * warm-up) and audio seconds per wall second. Not part of the test suite.
 */
import { registerEngineKernels } from '../../../src/engine/kernels';
import { presetConfig } from '../../../src/engine/model/config';
import { Dropout } from '../../../src/engine/model/layers';
import { initParams } from '../../../src/engine/model/params';
import { AdamW } from '../../../src/engine/train/adamw';
import { clipByGlobalNorm } from '../../../src/engine/train/clip';
import { lossAndGrads } from '../../../src/engine/train/loss-and-grads';
import { tf } from '../../../src/engine/tf';

async function main(): Promise<void> {
  const backend = process.argv[2] ?? 'wasm';
  const band = process.argv[3] ? Number(process.argv[3]) : undefined;
  if (backend === 'wasm') registerEngineKernels();
  await tf.setBackend(backend);
  await tf.ready();
  const config = presetConfig('demo');
  const params = initParams(config, 1);
  const optimizer = new AdamW(params);
  const [batchSize, frames, labels] = [8, 712, 100];
  let seed = 1;
  const random = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const batch = {
    features: tf.randomNormal([batchSize, frames, 80], 0, 1, 'float32', 7) as tf.Tensor3D,
    featureLengths: new Array<number>(batchSize).fill(frames),
    targets: tf.tensor2d(
      Int32Array.from({ length: batchSize * labels }, () => 1 + Math.floor(random() * 42)),
      [batchSize, labels],
      'int32',
    ),
    targetLengths: new Array<number>(batchSize).fill(labels),
  };
  const times: number[] = [];
  for (let step = 0; step < 4; step++) {
    const started = performance.now();
    const { loss, grads } = lossAndGrads(config, params, batch, {
      dropout: new Dropout(config.dropout, step),
      band,
    });
    const clipped = clipByGlobalNorm(grads, 5);
    optimizer.step(clipped.grads, { lr: 1e-3 });
    [grads, clipped.grads].forEach((m) => m.forEach((g) => g.dispose()));
    const ms = performance.now() - started;
    if (step > 0) times.push(ms);
    console.log(
      `step ${step}: loss ${loss.toFixed(3)}, ${ms.toFixed(0)} ms, tensors ${tf.memory().numTensors}`,
    );
  }
  const profile = await tf.profile(() => {
    const { grads } = lossAndGrads(config, params, batch, { band });
    grads.forEach((g) => g.dispose());
  });
  const byKernel = new Map<string, number>();
  for (const k of profile.kernels) byKernel.set(k.name, (byKernel.get(k.name) ?? 0) + Number(k.kernelTimeMs));
  const top = [...byKernel].sort((a, b) => b[1] - a[1]).slice(0, 12);
  console.log(
    `kernel ms (forward+backward, one step): ${top.map(([n, ms]) => `${n} ${ms.toFixed(0)}`).join(', ')}`,
  );
  const median = times.sort((a, b) => a - b)[1];
  const audio = (batchSize * frames) / 100;
  console.log(
    `${backend}: demo preset, ${audio.toFixed(1)} s audio/batch: ${median.toFixed(0)} ms/step, ${(audio / (median / 1000)).toFixed(1)} s audio per s`,
  );
}

void main();
