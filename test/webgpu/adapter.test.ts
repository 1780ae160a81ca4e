/** Adapter records and backend labels without a GPU: what decides that an adapter is a software renderer. */
import { describeAdapter } from '../../src/engine/webgpu';
import { backendLabel } from '../../src/shared/backend-label';

const limits = {
  maxBufferSize: 2 ** 31,
  maxStorageBufferBindingSize: 2 ** 30,
  maxComputeWorkgroupStorageSize: 32768,
  maxComputeInvocationsPerWorkgroup: 1024,
};

function adapter(
  info: Partial<Record<'vendor' | 'architecture' | 'device' | 'description', string>>,
  fallback?: boolean,
) {
  const full = {
    vendor: '',
    architecture: '',
    device: '',
    description: '',
    ...info,
    isFallbackAdapter: fallback,
  };
  return { info: full, limits: { ...limits, maxTextureDimension2D: 8192 } };
}

describe('describeAdapter', () => {
  it('keeps the adapter info and the four limits, and calls a hardware adapter hardware', () => {
    const gpu = describeAdapter(
      adapter({ vendor: 'nvidia', architecture: 'ampere', description: 'RTX 3060' }),
    );
    expect(gpu).toEqual({
      vendor: 'nvidia',
      architecture: 'ampere',
      device: '',
      description: 'RTX 3060',
      software: false,
      limits,
    });
  });

  it('calls software what says it is a fallback, or names a software renderer', () => {
    expect(describeAdapter(adapter({ vendor: 'intel' }, true)).software).toBe(true);
    expect(describeAdapter(adapter({ vendor: 'google', architecture: 'swiftshader' })).software).toBe(true);
    expect(
      describeAdapter(adapter({ vendor: 'mesa', description: 'llvmpipe (LLVM 15.0.6, 256 bits)' })).software,
    ).toBe(true);
    expect(describeAdapter(adapter({ description: 'Microsoft Basic Render Driver' })).software).toBe(true);
  });
});

describe('backendLabel', () => {
  it('names the adapter, the native package or the wasm threads', () => {
    const gpu = describeAdapter(
      adapter({ vendor: 'google', architecture: 'swiftshader', description: 'SwiftShader' }),
    );
    expect(backendLabel({ name: 'webgpu', adapter: gpu })).toBe(
      'webgpu (google swiftshader, SwiftShader, software renderer)',
    );
    expect(backendLabel({ name: 'tensorflow', provider: '@tensorflow/tfjs-node' })).toBe(
      'tensorflow (@tensorflow/tfjs-node)',
    );
    expect(backendLabel({ name: 'wasm', wasmThreads: 2 })).toBe('wasm, 2 threads');
    expect(backendLabel({ name: 'cpu' })).toBe('cpu');
  });
});
