/** Timing helpers: median wall and CPU milliseconds of repeated runs. */

export interface Timing {
  msPerStep: number;
  cpuMsPerStep: number;
  samples: number[];
}

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** Run `step` `warmup` times untimed, then `steps` times timed (wall and process CPU time). */
export async function timeSteps(step: () => unknown, warmup: number, steps: number): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await step();
  const samples: number[] = [];
  const cpuSamples: number[] = [];
  for (let i = 0; i < steps; i++) {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    await step();
    samples.push(performance.now() - start);
    const cpu = process.cpuUsage(cpuStart);
    cpuSamples.push((cpu.user + cpu.system) / 1000);
  }
  return { msPerStep: median(samples), cpuMsPerStep: median(cpuSamples), samples };
}
