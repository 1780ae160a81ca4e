/**
 * The PyTorch runner's AdamW (masked, with weight decay), gradient clipping and learning-rate schedules against the
 * engine's on the same weights and gradients. Skipped, with the reason, where /usr/bin/python3 has no torch.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  readSafetensorsFile,
  safeTensor,
  writeSafetensorsFile,
  type SafeTensorMap,
} from '../../src/engine/io/safetensors';
import { presetConfig } from '../../src/engine/model/config';
import { initParams } from '../../src/engine/model/params';
import { SeededRandom } from '../../src/engine/model/random';
import { AdamW } from '../../src/engine/train/adamw';
import { clipByGlobalNorm } from '../../src/engine/train/clip';
import { learningRate, LrScheduleSchema, type LrScheduleInput } from '../../src/engine/train/schedule';
import { tf } from '../../src/engine/tf';
import { useTestBackend } from '../helpers/backend';
import { tempDir } from '../helpers/tmp';
import { runPython, torchMissing } from './python';

const missing = torchMissing();
const STEPS = 3;
const SCHEDULES: Record<string, LrScheduleInput> = {
  constant: { kind: 'constant', lr: 3e-4 },
  'tri-stage': { kind: 'tri-stage', peak: 1e-3, warmupSteps: 5, holdSteps: 7, decaySteps: 20 },
  cosine: { kind: 'cosine', peak: 2e-3, warmupSteps: 4, totalSteps: 30, minLr: 1e-5 },
  'warmup-inverse-sqrt': { kind: 'warmup-inverse-sqrt', peak: 1e-3, warmupSteps: 6 },
  continued: {
    kind: 'continued',
    base: { kind: 'tri-stage', peak: 1e-3, warmupSteps: 5, holdSteps: 7, decaySteps: 20 },
    offset: 9,
    warmupSteps: 3,
  },
};
const schedules = Object.fromEntries(
  Object.entries(SCHEDULES).map(([k, s]) => [k, LrScheduleSchema.parse(s)]),
);

const values = (t: tf.Tensor): Float32Array => t.dataSync() as Float32Array;

it('AdamW with masks and decay, clipping and schedules match the engine', async (context) => {
  if (missing) {
    console.log(`skipping PyTorch optimizer parity: ${missing}`);
    return context.skip(missing);
  }
  await useTestBackend('cpu');
  const dir = tempDir('pathways-torch-adamw-');
  try {
    const params = initParams(presetConfig('tiny'), 5);
    const rng = new SeededRandom(3);
    const inputs: SafeTensorMap = new Map();
    const masks = new Map<string, tf.Tensor>();
    for (const [name, p] of params) {
      inputs.set(`param.${name}`, safeTensor(values(p).slice(), [...p.shape]));
      if (p.shape.length < 2) continue;
      const mask = Float32Array.from(values(p), () => (rng.next() < 0.5 ? 1 : 0));
      masks.set(name, tf.tensor(mask, p.shape));
      inputs.set(`mask.${name}`, safeTensor(mask, [...p.shape]));
    }
    const optimizer = new AdamW(params, { weightDecay: 0.01 });
    const norms: number[] = [];
    for (let step = 1; step <= STEPS; step++) {
      const grads = new Map<string, tf.Tensor>();
      for (const [name, p] of params) {
        const g = Float32Array.from(values(p), () => rng.normal() * 0.3);
        grads.set(name, tf.tensor(g, p.shape));
        inputs.set(`grad${step}.${name}`, safeTensor(g, [...p.shape]));
      }
      const clipped = await clipByGlobalNorm(grads, 2);
      norms.push(clipped.norm);
      optimizer.step(clipped.grads, { lr: learningRate(schedules['tri-stage'], step), updateMasks: masks });
      tf.dispose([...grads.values(), ...clipped.grads.values()]);
    }
    writeSafetensorsFile(join(dir.path, 'inputs.safetensors'), inputs);
    const schedule = schedules['tri-stage'];
    writeFileSync(
      join(dir.path, 'case.json'),
      JSON.stringify({ steps: STEPS, clipNorm: 2, weightDecay: 0.01, schedule, schedules }),
    );
    runPython([join(import.meta.dirname, 'optimizer_side.py'), dir.path]);

    const { tensors, metadata } = readSafetensorsFile(join(dir.path, 'outputs.safetensors'));
    const torchNorms = JSON.parse(metadata.norms) as number[];
    norms.forEach((norm, i) => expect(Math.abs(torchNorms[i] - norm) / norm).toBeLessThan(1e-6));
    const engine = await optimizer.exportState();
    for (const [name, p] of params) engine.set(`param.${name}`, safeTensor(values(p), [...p.shape]));
    let worst = 0;
    for (const [key, t] of engine) {
      const theirs = tensors.get(key)!.data;
      const scale = Math.max(...Array.from(t.data, Math.abs), 1e-30);
      worst = Math.max(worst, ...Array.from(t.data, (x, i) => Math.abs(x - theirs[i]) / scale));
    }
    console.log(`worst max-abs-normalised difference of weights and moments after ${STEPS} steps: ${worst}`);
    expect(worst).toBeLessThan(1e-5);
    for (const [name, mask] of masks) {
      const kept = values(mask);
      const before = inputs.get(`param.${name}`)!.data;
      const after = tensors.get(`param.${name}`)!.data;
      const moment = tensors.get(`optimizer.m.${name}`)!.data;
      kept.forEach((k, i) => {
        if (k === 0) expect([name, i, after[i], moment[i]]).toEqual([name, i, before[i], 0]);
      });
    }
    const lrs = JSON.parse(metadata.lrs) as Record<string, number[]>;
    for (const [kind, s] of Object.entries(schedules)) {
      // Math.exp and Math.log may round differently from Python's in the last bit.
      lrs[kind].forEach((lr, i) => {
        const expected = learningRate(s, i + 1);
        expect([kind, i + 1, Math.abs(lr - expected) / expected < 1e-14]).toEqual([kind, i + 1, true]);
      });
    }
    optimizer.dispose();
    tf.dispose([...params.values(), ...masks.values()]);
  } finally {
    dir.cleanup();
  }
});
