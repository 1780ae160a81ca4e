import {
  backendFromEnv,
  DEFAULT_WASM_THREADS,
  selectBackend,
  wasmThreadsFromEnv,
} from '../../src/engine/backend';
import { tf } from '../../src/engine/tf';

describe('selectBackend', () => {
  it('auto falls back past webgpu without a hardware adapter and unavailable native packages to wasm, saying why', async () => {
    const choice = await selectBackend('auto');
    expect(['webgpu', 'tensorflow', 'wasm']).toContain(choice.name);
    if (choice.name !== 'webgpu') expect(choice.skipped[0]).toMatch(/^webgpu: /);
    if (choice.name === 'wasm') {
      expect(choice.skipped.some((s) => s.includes('@tensorflow/tfjs-node'))).toBe(true);
      expect(choice.wasmThreads).toBe(DEFAULT_WASM_THREADS);
    }
    expect(tf.getBackend()).toBe(choice.name);
  });

  it('honours an explicit cpu preference', async () => {
    expect((await selectBackend('cpu')).name).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(Array.from(await tf.add(tf.tensor([1, 2]), tf.tensor([3, 4])).data())).toEqual([4, 6]);
  });

  it('reads PATHWAYS_BACKEND and rejects unknown values', () => {
    expect(backendFromEnv({ PATHWAYS_BACKEND: 'wasm' })).toBe('wasm');
    expect(backendFromEnv({})).toBe('auto');
    expect(() => backendFromEnv({ PATHWAYS_BACKEND: 'gpu' })).toThrow(/must be one of/);
  });

  it('reads PATHWAYS_WASM_THREADS and rejects what is not 1 to 8 threads', () => {
    expect(wasmThreadsFromEnv({})).toBe(DEFAULT_WASM_THREADS);
    expect(wasmThreadsFromEnv({ PATHWAYS_WASM_THREADS: '2' })).toBe(2);
    for (const bad of ['0', '9', 'two', '1.5', '-1']) {
      expect(() => wasmThreadsFromEnv({ PATHWAYS_WASM_THREADS: bad })).toThrow(
        /PATHWAYS_WASM_THREADS must be a whole number from 1 to 8/,
      );
    }
  });
});
