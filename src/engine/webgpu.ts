/**
 * The 'webgpu' tfjs backend: in Electron's renderer the browser's navigator.gpu, under Node the optional `webgpu`
 * package (Dawn). tfjs-backend-webgpu registers itself at import only when navigator.gpu exists, so the globals are
 * installed first and the backend is imported after. A software adapter (SwiftShader, llvmpipe, WARP) is slower
 * than wasm: 'auto' refuses it, a forced 'webgpu' takes it.
 */
import { tf } from './tf';
import { missingVulkanDriver } from './vulkan-icd';

/** What the adapter says about itself, and the limits that bound a training step's buffers. */
export interface GpuAdapter {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** A software renderer (the adapter says it is a fallback, or names one). */
  software: boolean;
  limits: {
    maxBufferSize: number;
    maxStorageBufferBindingSize: number;
    maxComputeWorkgroupStorageSize: number;
    maxComputeInvocationsPerWorkgroup: number;
  };
}

const SOFTWARE_RENDERERS = /swiftshader|llvmpipe|lavapipe|softpipe|microsoft basic render|warp/i;

interface AdapterLike {
  info: {
    vendor: string;
    architecture: string;
    device: string;
    description: string;
    isFallbackAdapter?: boolean;
  };
  isFallbackAdapter?: boolean;
  limits: GpuAdapter['limits'];
}

/** The adapter's description as recorded in the BackendChoice. */
export function describeAdapter(adapter: AdapterLike): GpuAdapter {
  const { vendor, architecture, device, description } = adapter.info;
  const fallback = adapter.info.isFallbackAdapter ?? adapter.isFallbackAdapter ?? false;
  const { limits } = adapter;
  return {
    vendor,
    architecture,
    device,
    description,
    software: fallback || SOFTWARE_RENDERERS.test(`${vendor} ${architecture} ${device} ${description}`),
    limits: {
      maxBufferSize: limits.maxBufferSize,
      maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
      maxComputeWorkgroupStorageSize: limits.maxComputeWorkgroupStorageSize,
      maxComputeInvocationsPerWorkgroup: limits.maxComputeInvocationsPerWorkgroup,
    },
  };
}

interface GpuLike {
  requestAdapter(options?: object): Promise<AdapterLike | null>;
}

function navigatorGpu(): GpuLike | undefined {
  return (globalThis as { navigator?: { gpu?: GpuLike } }).navigator?.gpu;
}

/** Optional, and left out of the packaged app: named by a variable so that no bundle imports it. */
const DAWN_PACKAGE = 'webgpu';

/** navigator.gpu, from the `webgpu` package (Dawn) when the runtime has none; throws when it is not installed. */
async function installGpu(): Promise<GpuLike> {
  const present = navigatorGpu();
  if (present) return present;
  const dawn = (await import(/* @vite-ignore */ DAWN_PACKAGE)) as {
    create(flags: string[]): GpuLike;
    globals: object;
  };
  Object.assign(globalThis, dawn.globals);
  const gpu = dawn.create([]);
  const navigator = (globalThis as { navigator?: object }).navigator ?? {};
  Object.defineProperty(navigator, 'gpu', { value: gpu, configurable: true });
  if (!(globalThis as { navigator?: object }).navigator) {
    Object.defineProperty(globalThis, 'navigator', { value: navigator, configurable: true });
  }
  return gpu;
}

const deviceErrors: string[] = [];
const watched = new WeakSet<object>();

/** Collect the device's uncaptured errors: an invalid pipeline computes garbage and throws nothing. */
function watchDevice(): void {
  const device = (tf.backend() as unknown as { device?: EventTarget }).device;
  if (!device || watched.has(device)) return;
  watched.add(device);
  device.addEventListener('uncapturederror', (event) => {
    const { error } = event as Event & { error?: { message?: string } };
    deviceErrors.push(firstLine({ message: error?.message ?? String(error) }));
  });
}

/** The webgpu device's uncaptured errors since the last call (none on other backends); clears them. */
export function takeDeviceErrors(): string[] {
  return deviceErrors.splice(0);
}

function firstLine(error: unknown): string {
  return (error as Error).message.split('\n')[0];
}

/**
 * Make 'webgpu' the tfjs backend and return its adapter, or push why not onto `skipped` and return undefined:
 * no `webgpu` package, no adapter (no driver), a software adapter when `acceptSoftware` is false, or a failed
 * initialisation.
 */
export async function tryWebGpu(skipped: string[], acceptSoftware: boolean): Promise<GpuAdapter | undefined> {
  // under 'auto' on Linux, no Vulkan driver means no adapter: Dawn is not loaded to find that out (it would print
  // the loader's warnings); a forced 'webgpu' asks Dawn anyway
  const noDriver =
    !navigatorGpu() && !acceptSoftware && process.platform === 'linux' ? missingVulkanDriver() : null;
  if (noDriver) {
    skipped.push(`webgpu: ${noDriver}`);
    return undefined;
  }
  let gpu: GpuLike;
  try {
    gpu = await installGpu();
  } catch (error) {
    skipped.push(`webgpu: the optional package 'webgpu' is not importable (${firstLine(error)})`);
    return undefined;
  }
  const found = await gpu.requestAdapter({ powerPreference: 'high-performance' }).catch(() => null);
  if (!found) {
    skipped.push('webgpu: no adapter (no GPU, or no Vulkan/Metal/D3D12 driver)');
    return undefined;
  }
  const adapter = describeAdapter(found);
  if (adapter.software && !acceptSoftware) {
    skipped.push(
      `webgpu: ${adapter.vendor} ${adapter.architecture} is a software renderer (slower than wasm; --backend webgpu takes it)`,
    );
    return undefined;
  }
  try {
    await import('@tensorflow/tfjs-backend-webgpu');
    if (await tf.setBackend('webgpu')) {
      await tf.ready();
      watchDevice();
      return adapter;
    }
    skipped.push("webgpu: the 'webgpu' backend did not initialise");
  } catch (error) {
    skipped.push(`webgpu: ${firstLine(error)}`);
  }
  return undefined;
}
