/** How a compute backend is named wherever it is shown: the header, Settings, `info`, job logs, run records. */

export interface LabelledAdapter {
  vendor: string;
  architecture: string;
  description: string;
  software: boolean;
}

export interface LabelledBackend {
  name: string;
  provider?: string;
  wasmThreads?: number;
  adapter?: LabelledAdapter;
}

/** 'google swiftshader, SwiftShader driver 5.0.0, software renderer'. */
export function adapterLabel(adapter: LabelledAdapter): string {
  const parts = [[adapter.vendor, adapter.architecture].filter(Boolean).join(' '), adapter.description];
  if (adapter.software) parts.push('software renderer');
  return parts.filter(Boolean).join(', ');
}

/** 'wasm, 2 threads', 'tensorflow (@tensorflow/tfjs-node)', 'webgpu (nvidia ampere, …)' or just the name. */
export function backendLabel(backend: LabelledBackend): string {
  if (backend.adapter) return `${backend.name} (${adapterLabel(backend.adapter)})`;
  if (backend.provider) return `${backend.name} (${backend.provider})`;
  if (backend.wasmThreads)
    return `${backend.name}, ${backend.wasmThreads} thread${backend.wasmThreads > 1 ? 's' : ''}`;
  return backend.name;
}
