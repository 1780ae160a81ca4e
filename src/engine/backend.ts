import { tf } from './tf';
import {
  checkWasmThreads,
  initWasmBackend,
  MAX_WASM_THREADS,
  registerEngineKernels,
  wasmThreadsCount,
} from './kernels';
import { tryWebGpu, type GpuAdapter } from './webgpu';

export const BACKEND_PREFERENCES = ['auto', 'webgpu', 'tensorflow', 'wasm', 'cpu'] as const;
export type BackendPreference = (typeof BACKEND_PREFERENCES)[number];

export interface BackendChoice {
  /** Name of the active tfjs backend: 'webgpu', 'tensorflow', 'wasm' or 'cpu'. */
  name: string;
  /** The adapter of the 'webgpu' backend, when it is active. */
  adapter?: GpuAdapter;
  /** Which native package provided the 'tensorflow' backend, when it is active. */
  provider?: string;
  /** XNNPACK threads of the 'wasm' backend, when it is active. */
  wasmThreads?: number;
  /** Why better backends were not used, in the order they were tried. */
  skipped: string[];
}

export interface BackendOptions {
  /**
   * Threads for the 'wasm' backend's matrix products (1–8), fixed by the first wasm initialisation in
   * the process. Default: PATHWAYS_WASM_THREADS, else DEFAULT_WASM_THREADS.
   */
  wasmThreads?: number;
}

/**
 * One thread: the app runs two jobs side by side on small machines, and a second thread per job
 * then only competes with the other job (see bench/README.md, "wasm threads").
 */
export const DEFAULT_WASM_THREADS = 1;

const NATIVE_PACKAGES = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] as const;

async function tryNative(skipped: string[]): Promise<string | undefined> {
  for (const pkg of NATIVE_PACKAGES) {
    try {
      await import(/* @vite-ignore */ pkg);
      if (await tf.setBackend('tensorflow')) return pkg;
      skipped.push(`${pkg}: imported but the 'tensorflow' backend did not initialise`);
    } catch (error) {
      skipped.push(`${pkg}: not importable (${(error as Error).message.split('\n')[0]})`);
    }
  }
  return undefined;
}

async function trySet(
  name: 'wasm' | 'cpu',
  skipped: string[],
  init: () => Promise<boolean>,
): Promise<boolean> {
  try {
    if (await init()) {
      await tf.ready();
      return true;
    }
    skipped.push(`${name}: failed to initialise`);
  } catch (error) {
    skipped.push(`${name}: ${(error as Error).message}`);
  }
  return false;
}

/**
 * Choose the compute backend: webgpu on a hardware adapter; else tfjs-node-gpu, then tfjs-node, when importable;
 * else wasm; else cpu. A preference other than 'auto' forces that backend (webgpu then takes a software adapter
 * too) and fails loudly when it is unavailable.
 * The wasm backend runs with `options.wasmThreads` threads when this is its first initialisation.
 */
export async function selectBackend(
  preference: BackendPreference = 'auto',
  options: BackendOptions = {},
): Promise<BackendChoice> {
  const skipped: string[] = [];
  const wasmThreads = checkWasmThreads(options.wasmThreads ?? wasmThreadsFromEnv());
  if (preference === 'webgpu' || preference === 'auto') {
    const adapter = await tryWebGpu(skipped, preference === 'webgpu');
    if (adapter) return { name: 'webgpu', adapter, skipped };
    if (preference === 'webgpu') throw new Error(`backend 'webgpu' unavailable: ${skipped.join('; ')}`);
  }
  if (preference === 'tensorflow' || preference === 'auto') {
    const provider = await tryNative(skipped);
    if (provider) return { name: 'tensorflow', provider, skipped };
    if (preference === 'tensorflow')
      throw new Error(`backend 'tensorflow' unavailable: ${skipped.join('; ')}`);
  }
  if (preference === 'wasm' || preference === 'auto') {
    if (await trySet('wasm', skipped, () => initWasmBackend(wasmThreads))) {
      registerEngineKernels();
      return { name: 'wasm', wasmThreads: wasmThreadsCount(), skipped };
    }
    if (preference === 'wasm') throw new Error(`backend 'wasm' unavailable: ${skipped.join('; ')}`);
  }
  if (await trySet('cpu', skipped, () => tf.setBackend('cpu'))) return { name: 'cpu', skipped };
  throw new Error(`no tfjs backend could be initialised: ${skipped.join('; ')}`);
}

/** The preference named by PATHWAYS_BACKEND, or 'auto'. */
export function backendFromEnv(env: NodeJS.ProcessEnv = process.env): BackendPreference {
  const value = env.PATHWAYS_BACKEND ?? 'auto';
  if (!(BACKEND_PREFERENCES as readonly string[]).includes(value)) {
    throw new Error(`PATHWAYS_BACKEND must be one of ${BACKEND_PREFERENCES.join(', ')}, got '${value}'`);
  }
  return value as BackendPreference;
}

/** The wasm thread count named by PATHWAYS_WASM_THREADS, or DEFAULT_WASM_THREADS. */
export function wasmThreadsFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const value = env.PATHWAYS_WASM_THREADS;
  if (value === undefined || value === '') return DEFAULT_WASM_THREADS;
  const threads = Number(value);
  if (!/^\d+$/.test(value) || threads < 1 || threads > MAX_WASM_THREADS) {
    throw new Error(
      `PATHWAYS_WASM_THREADS must be a whole number from 1 to ${MAX_WASM_THREADS}, got '${value}'`,
    );
  }
  return threads;
}
