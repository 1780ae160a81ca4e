import { tf } from '../../src/engine/tf';

/** Use PATHWAYS_TEST_BACKEND when set (see test/setup/backend.ts), else `fallback`. */
export async function useTestBackend(fallback: 'cpu' | 'wasm' = 'cpu'): Promise<void> {
  const name = process.env.PATHWAYS_TEST_BACKEND ?? fallback;
  if (tf.getBackend() !== name) await tf.setBackend(name);
  await tf.ready();
}
