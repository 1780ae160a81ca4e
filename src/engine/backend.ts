import { tf } from './tf';
import { registerEngineKernels } from './kernels';

export const BACKEND_PREFERENCES = ['auto', 'tensorflow', 'wasm', 'cpu'] as const;
export type BackendPreference = (typeof BACKEND_PREFERENCES)[number];

export interface BackendChoice {
  /** Name of the active tfjs backend: 'tensorflow', 'wasm' or 'cpu'. */
  name: string;
  /** Which native package provided the 'tensorflow' backend, when it is active. */
  provider?: string;
  /** Why better backends were not used, in the order they were tried. */
  skipped: string[];
}

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

async function trySet(name: 'wasm' | 'cpu', skipped: string[]): Promise<boolean> {
  try {
    if (await tf.setBackend(name)) {
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
 * Choose the compute backend: tfjs-node-gpu, then tfjs-node, when importable; else wasm; else cpu.
 * A preference other than 'auto' forces that backend and fails loudly when it is unavailable.
 */
export async function selectBackend(preference: BackendPreference = 'auto'): Promise<BackendChoice> {
  const skipped: string[] = [];
  if (preference === 'tensorflow' || preference === 'auto') {
    const provider = await tryNative(skipped);
    if (provider) return { name: 'tensorflow', provider, skipped };
    if (preference === 'tensorflow')
      throw new Error(`backend 'tensorflow' unavailable: ${skipped.join('; ')}`);
  }
  if (preference === 'wasm' || preference === 'auto') {
    if (await trySet('wasm', skipped)) {
      registerEngineKernels();
      return { name: 'wasm', skipped };
    }
    if (preference === 'wasm') throw new Error(`backend 'wasm' unavailable: ${skipped.join('; ')}`);
  }
  if (await trySet('cpu', skipped)) return { name: 'cpu', skipped };
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
