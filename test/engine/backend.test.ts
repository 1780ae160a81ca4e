import { backendFromEnv, selectBackend } from '../../src/engine/backend';
import { tf } from '../../src/engine/tf';

describe('selectBackend', () => {
  it('auto falls back past unavailable native packages to wasm, saying why', async () => {
    const choice = await selectBackend('auto');
    expect(['tensorflow', 'wasm']).toContain(choice.name);
    if (choice.name === 'wasm')
      expect(choice.skipped.some((s) => s.includes('@tensorflow/tfjs-node'))).toBe(true);
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
});
