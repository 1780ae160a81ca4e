import { tf } from '../../../src/engine/tf';
import { timeRnntLoss } from '../../../src/engine/loss';

describe('timeRnntLoss', () => {
  it.each(['arrays', 'tfjs'] as const)('times forward + backward via %s on small shapes', async (via) => {
    await tf.setBackend('cpu');
    const before = tf.memory().numTensors;
    const timing = timeRnntLoss({ B: 2, T: 5, U: 3, V: 8, repeats: 3, via });
    expect(timing.shape).toEqual([2, 5, 4, 8]);
    expect(timing.runs).toHaveLength(3);
    expect(timing.runs).toContain(timing.medianMs);
    expect(timing.medianMs).toBeGreaterThan(0);
    expect(timing.cpuRuns).toContain(timing.medianCpuMs);
    expect(tf.memory().numTensors).toBe(before);
  });
});
