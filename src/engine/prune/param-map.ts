import type { tf } from '../tf';

export type { ParamMap } from '../model/params';

/** A parameter's values read back from the graph: shape plus row-major float32 data. */
export interface TensorData {
  shape: number[];
  data: Float32Array;
}

export function elementCount(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Shapes of a parameter map, by name. */
export function shapesOf(params: ReadonlyMap<string, { shape: readonly number[] }>): Map<string, number[]> {
  return new Map([...params].map(([name, t]) => [name, [...t.shape]]));
}

/** Copy a parameter map's values out of the graph, with awaited reads (any backend, webgpu included). */
export async function readParams(params: ReadonlyMap<string, tf.Tensor>): Promise<Map<string, TensorData>> {
  const out = new Map<string, TensorData>();
  for (const [name, t] of params) {
    out.set(name, { shape: [...t.shape], data: Float32Array.from(await t.data()) });
  }
  return out;
}
