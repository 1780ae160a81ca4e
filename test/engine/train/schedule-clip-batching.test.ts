import { planBatches } from '../../../src/engine/train/batching';
import { clipByGlobalNorm } from '../../../src/engine/train/clip';
import { continueSchedule, learningRate, LrScheduleSchema } from '../../../src/engine/train/schedule';
import { tf } from '../../../src/engine/tf';
import { useBackend } from '../model/fixtures';

describe('learning-rate schedules', () => {
  it('tri-stage: warm-up from 1 % of peak, hold, exponential decay to 5 %, then flat', async () => {
    const s = LrScheduleSchema.parse({
      kind: 'tri-stage',
      peak: 1e-3,
      warmupSteps: 100,
      holdSteps: 50,
      decaySteps: 200,
    });
    expect(learningRate(s, 0)).toBeCloseTo(1e-5, 10);
    expect(learningRate(s, 50)).toBeCloseTo(1e-5 + 0.5 * (1e-3 - 1e-5), 10);
    expect(learningRate(s, 100)).toBeCloseTo(1e-3, 10);
    expect(learningRate(s, 150)).toBeCloseTo(1e-3, 10);
    expect(learningRate(s, 250)).toBeCloseTo(1e-3 * Math.sqrt(0.05), 10); // half-way in log space
    expect(learningRate(s, 350)).toBeCloseTo(5e-5, 10);
    expect(learningRate(s, 1000)).toBeCloseTo(5e-5, 10);
  });

  it('cosine and warm-up + inverse sqrt', async () => {
    const cos = LrScheduleSchema.parse({
      kind: 'cosine',
      peak: 2e-3,
      warmupSteps: 10,
      totalSteps: 110,
      minLr: 0,
    });
    expect(learningRate(cos, 5)).toBeCloseTo(1e-3, 10);
    expect(learningRate(cos, 60)).toBeCloseTo(1e-3, 10);
    expect(learningRate(cos, 110)).toBeCloseTo(0, 10);
    const inv = LrScheduleSchema.parse({ kind: 'warmup-inverse-sqrt', peak: 1e-3, warmupSteps: 300 });
    expect(learningRate(inv, 150)).toBeCloseTo(5e-4, 10);
    expect(learningRate(inv, 300)).toBeCloseTo(1e-3, 10);
    expect(learningRate(inv, 1200)).toBeCloseTo(5e-4, 10);
  });

  it('continued: the parent schedule after its steps, with an optional linear warm-up; chains add their offsets', async () => {
    const inv = LrScheduleSchema.parse({ kind: 'warmup-inverse-sqrt', peak: 1e-3, warmupSteps: 300 });
    const child = continueSchedule(inv, 1200);
    // the parent's 1200 steps end at 1e-3 · √(300/1200) = 5e-4; its child goes on from there
    expect(learningRate(child, 1)).toBeCloseTo(1e-3 * Math.sqrt(300 / 1201), 12);
    expect(learningRate(child, 1800)).toBeCloseTo(1e-3 * Math.sqrt(300 / 3000), 12);
    const warmed = continueSchedule(inv, 1200, 10);
    expect(learningRate(warmed, 5)).toBeCloseTo(0.5 * 1e-3 * Math.sqrt(300 / 1205), 12);
    expect(learningRate(warmed, 10)).toBeCloseTo(1e-3 * Math.sqrt(300 / 1210), 12);
    // a fine-tuned run's child continues the first schedule further, with its own warm-up
    const grandchild = continueSchedule(warmed, 100);
    expect(grandchild).toEqual({ kind: 'continued', base: inv, offset: 1300, warmupSteps: 0 });
    expect(LrScheduleSchema.parse(grandchild)).toEqual(grandchild);
  });

  it('rejects a bad schedule naming the field', async () => {
    const r = LrScheduleSchema.safeParse({
      kind: 'tri-stage',
      peak: -1,
      warmupSteps: 1,
      holdSteps: 1,
      decaySteps: 1,
    });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues[0].path)).toContain('peak');
  });
});

describe('gradient clipping', () => {
  beforeAll(async () => useBackend('cpu'));

  it('scales by maxNorm / global norm only when above it', async () => {
    const grads = new Map<string, tf.Tensor>([
      ['a', tf.tensor1d([3, 0])],
      ['b', tf.tensor2d([[0, 4]], [1, 2])],
    ]);
    const clipped = await clipByGlobalNorm(grads, 1);
    expect(clipped.norm).toBeCloseTo(5, 6);
    expect(Array.from(clipped.grads.get('a')!.dataSync())).toEqual([0.6000000238418579, 0]);
    expect(Array.from(clipped.grads.get('b')!.dataSync())[1]).toBeCloseTo(0.8, 6);
    const loose = await clipByGlobalNorm(grads, 10);
    expect(Array.from(loose.grads.get('b')!.dataSync())).toEqual([0, 4]);
    [grads, clipped.grads, loose.grads].forEach((m) => m.forEach((t) => t.dispose()));
  });
});

describe('length-bucketed batches', () => {
  const frames = Array.from({ length: 50 }, (_, i) => 100 + ((i * 37) % 400));

  it('covers every utterance once and respects the padded-frame budget', async () => {
    const plan = planBatches(frames, { maxFrames: 2000, seed: 3, epoch: 0 });
    expect(plan.flat().sort((a, b) => a - b)).toEqual(frames.map((_, i) => i));
    for (const batch of plan)
      expect(batch.length * Math.max(...batch.map((i) => frames[i]))).toBeLessThanOrEqual(2000);
    const spread = plan.map(
      (b) => Math.max(...b.map((i) => frames[i])) - Math.min(...b.map((i) => frames[i])),
    );
    expect(Math.max(...spread)).toBeLessThan(120); // bucketed: similar lengths together
  });

  it('is deterministic per (seed, epoch) and reshuffles across epochs', async () => {
    const a = planBatches(frames, { maxFrames: 2000, seed: 3, epoch: 0 });
    expect(planBatches(frames, { maxFrames: 2000, seed: 3, epoch: 0 })).toEqual(a);
    expect(planBatches(frames, { maxFrames: 2000, seed: 3, epoch: 1 })).not.toEqual(a);
    expect(planBatches(frames, { maxFrames: 2000, seed: 4, epoch: 0 })).not.toEqual(a);
  });

  it('gives an over-long utterance a batch of its own', async () => {
    const plan = planBatches([10, 5000, 20], { maxFrames: 100, seed: 1, epoch: 0 });
    expect(plan.find((b) => b.includes(1))).toEqual([1]);
  });
});
