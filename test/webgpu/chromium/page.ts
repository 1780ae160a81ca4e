/**
 * The page of chromium.test.ts, bundled for the browser: the engine's training loop on the tiny preset, on the
 * backend the test names — in headless Chromium, its own WebGPU (navigator.gpu), as an Electron window would run it.
 * tfjs-backend-webgpu registers itself at import when navigator.gpu exists, which it does here.
 */
import '@tensorflow/tfjs-backend-webgpu';
import { tf } from '../../../src/engine/tf';
import { trainCase } from './training-case';

async function trainSteps(backend: string): Promise<{ backend: string; adapter: string; steps: number[][] }> {
  await tf.setBackend(backend);
  await tf.ready();
  // the adapter's info (Chromium 114+; not yet in the WebGPU typings this project has)
  const adapter =
    backend === 'webgpu'
      ? ((await navigator.gpu.requestAdapter()) as unknown as {
          info: { vendor: string; architecture: string };
        })
      : null;
  const steps = await trainCase();
  return {
    backend: tf.getBackend(),
    adapter: adapter ? `${adapter.info.vendor} ${adapter.info.architecture}` : '',
    steps,
  };
}

(globalThis as unknown as { trainSteps: typeof trainSteps }).trainSteps = trainSteps;
