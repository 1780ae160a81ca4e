import { spawnSync } from 'node:child_process';
import { checkWasmThreads, MAX_WASM_THREADS } from '../../../src/engine/kernels';
import { runOn } from './backends';
import { threadedComputation } from './threaded-computation';

/** Largest difference relative to the largest magnitude of the expected values. */
function relativeError(actual: number[], expected: Float32Array): number {
  let worst = 0;
  let scale = 0;
  expected.forEach((value, i) => {
    worst = Math.max(worst, Math.abs(actual[i] - value));
    scale = Math.max(scale, Math.abs(value));
  });
  return worst / scale;
}

describe('multi-threaded wasm backend under Node', () => {
  it('runs XNNPACK on 2 threads (worker_threads) with the results of the cpu backend, and exits', async () => {
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'test/engine/kernels/threaded-child.ts', '2'],
      {
        encoding: 'utf8',
        timeout: 60_000,
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    expect(child.status, child.stderr).toBe(0);
    const result = JSON.parse(child.stdout.trim().split('\n').pop() ?? '') as {
      threads: number;
      backend: string;
      outputs: number[][];
    };
    expect(result.backend).toBe('wasm');
    expect(result.threads).toBe(2);
    const expected = await runOn('cpu', threadedComputation);
    expect(result.outputs.length).toBe(expected.length);
    result.outputs.forEach((values, i) => expect(relativeError(values, expected[i])).toBeLessThan(1e-5));
  });

  it('accepts 1 to 8 threads only', () => {
    expect(checkWasmThreads(1)).toBe(1);
    expect(checkWasmThreads(MAX_WASM_THREADS)).toBe(MAX_WASM_THREADS);
    for (const bad of [0, 9, 1.5, Number.NaN]) expect(() => checkWasmThreads(bad)).toThrow(/from 1 to 8/);
  });
});
