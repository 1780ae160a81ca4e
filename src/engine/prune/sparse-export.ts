import { encodeSafetensors, safeTensor } from '../io/safetensors';
import type { SafeTensorMap } from '../io/safetensors';
import { packBits, unpackBits } from './bit-pack';
import { MaskSet } from './mask-set';
import type { Mask } from './mask-set';
import { elementCount } from './param-map';
import type { TensorData } from './param-map';

const SPARSE_FORMAT = 'pathways-sparse-model';
const ARTIFACT_FORMAT = 'pathways-artifact';

/** An export's size against the same model stored densely (float32 safetensors). */
export interface ExportSize {
  bytes: number;
  denseBytes: number;
  /** bytes / denseBytes. */
  ratio: number;
}

export interface SafetensorsContent {
  tensors: SafeTensorMap;
  metadata: Record<string, string>;
}

/** Keys of a masked tensor: its bit-packed mask and the values at the mask's 1 positions, in order. */
const maskKey = (name: string) => `${name}#mask`;
const valuesKey = (name: string) => `${name}#values`;
const languageMaskKey = (language: string, name: string) => `masks/${language}/${name}`;

function checkModel(params: ReadonlyMap<string, TensorData>, masks: readonly MaskSet[]): void {
  for (const m of masks) m.validateAgainst(params);
  for (const [name, t] of params) {
    if (name.includes('#') || name.startsWith('masks/'))
      throw new Error(`parameter name '${name}' clashes with the export's key scheme`);
    if (elementCount(t.shape) !== t.data.length)
      throw new Error(`parameter '${name}': shape [${t.shape}] does not match ${t.data.length} values`);
  }
}

/** Store every parameter: masked ones as (bit-packed mask, kept values), the rest densely. */
function sparseTensors(params: ReadonlyMap<string, TensorData>, mask: MaskSet): SafeTensorMap {
  const tensors: SafeTensorMap = new Map();
  for (const [name, t] of params) {
    const m = mask.masks.get(name);
    if (!m) {
      tensors.set(name, safeTensor(t.data, t.shape));
      continue;
    }
    const values = new Float32Array(m.data.reduce((a, b) => a + b, 0));
    let k = 0;
    m.data.forEach((keep, i) => keep && (values[k++] = t.data[i]));
    const bits = packBits(m.data);
    tensors.set(maskKey(name), safeTensor(bits, [bits.length]));
    tensors.set(valuesKey(name), safeTensor(values, [values.length]));
  }
  return tensors;
}

function parseJson<T>(metadata: Record<string, string>, key: string, source: string): T {
  try {
    return JSON.parse(metadata[key]) as T;
  } catch {
    throw new Error(`${source}: metadata '${key}' is missing or not JSON`);
  }
}

/** Inverse of {@link sparseTensors}: dense values (0 where masked out) and the masks. */
function denseFromSparse(
  tensors: SafeTensorMap,
  shapes: Record<string, number[]>,
  source: string,
): { params: Map<string, TensorData>; mask: MaskSet } {
  const params = new Map<string, TensorData>();
  const masks = new Map<string, Mask>();
  for (const [key, t] of tensors) {
    if (key.startsWith('masks/') || key.endsWith('#values')) continue;
    if (!key.endsWith('#mask')) {
      if (t.dtype !== 'F32') throw new Error(`${source}: tensor '${key}' has dtype ${t.dtype}, expected F32`);
      params.set(key, { shape: t.shape, data: t.data as Float32Array });
      continue;
    }
    const name = key.slice(0, -'#mask'.length);
    const shape = shapes[name];
    const values = tensors.get(valuesKey(name));
    if (!shape) throw new Error(`${source}: tensor '${name}' has no shape in the metadata`);
    if (!values || values.dtype !== 'F32') throw new Error(`${source}: tensor '${name}' has no F32 values`);
    const bits = unpackBits(t.data as Uint8Array, elementCount(shape));
    const kept = bits.reduce((a, b) => a + b, 0);
    if (kept !== values.data.length) {
      throw new Error(
        `${source}: tensor '${name}' keeps ${kept} weights but stores ${values.data.length} values`,
      );
    }
    const data = new Float32Array(bits.length);
    let k = 0;
    bits.forEach((keep, i) => keep && (data[i] = values.data[k++]));
    params.set(name, { shape, data });
    masks.set(name, { shape, data: bits });
  }
  return { params, mask: new MaskSet(masks) };
}

function denseSize(params: ReadonlyMap<string, TensorData>): number {
  return encodeSafetensors(new Map([...params].map(([n, t]) => [n, safeTensor(t.data, t.shape)]))).length;
}

/** Size of an export (as safetensors bytes) against the same parameters stored densely. */
export function exportSize(content: SafetensorsContent, params: ReadonlyMap<string, TensorData>): ExportSize {
  const bytes = encodeSafetensors(content.tensors, content.metadata).length;
  const denseBytes = denseSize(params);
  return { bytes, denseBytes, ratio: bytes / denseBytes };
}

/** Language l's sparse model: θ ⊙ m_l as bitmask + kept values, non-prunable parameters dense. */
export function sparseModelContent(
  params: ReadonlyMap<string, TensorData>,
  mask: MaskSet,
  language: string,
  metadata: Record<string, string> = {},
): SafetensorsContent {
  checkModel(params, [mask]);
  return {
    tensors: sparseTensors(params, mask),
    metadata: {
      ...metadata,
      format: SPARSE_FORMAT,
      language,
      sparsity: String(mask.sparsity()),
      shapes: JSON.stringify(Object.fromEntries(mask.shapes())),
    },
  };
}

export function decodeSparseModel(
  content: SafetensorsContent,
  source: string,
): { params: Map<string, TensorData>; mask: MaskSet; language: string; metadata: Record<string, string> } {
  const { tensors, metadata } = content;
  if (metadata.format !== SPARSE_FORMAT)
    throw new Error(`${source}: not a sparse model (format '${metadata.format}')`);
  const { params, mask } = denseFromSparse(tensors, parseJson(metadata, 'shapes', source), source);
  return { params, mask, language: metadata.language, metadata };
}

/**
 * The multilingual pathways artifact: θ ⊙ (∪_l m_l) stored as union bitmask + values, plus every
 * language's mask (bit-packed), non-prunable parameters dense.
 */
export function pathwaysArtifactContent(
  params: ReadonlyMap<string, TensorData>,
  masks: ReadonlyMap<string, MaskSet>,
  metadata: Record<string, string> = {},
): SafetensorsContent {
  const languages = [...masks.keys()].sort();
  if (languages.length === 0) throw new Error('a pathways artifact needs at least one language mask');
  const sets = languages.map((l) => masks.get(l)!);
  checkModel(params, sets);
  const union = MaskSet.unionAll(sets);
  const tensors = sparseTensors(params, union);
  languages.forEach((language, i) => {
    for (const [name, m] of sets[i].masks) {
      const bits = packBits(m.data);
      tensors.set(languageMaskKey(language, name), safeTensor(bits, [bits.length]));
    }
  });
  return {
    tensors,
    metadata: {
      ...metadata,
      format: ARTIFACT_FORMAT,
      languages: JSON.stringify(languages),
      unionSparsity: String(union.sparsity()),
      shapes: JSON.stringify(Object.fromEntries(union.shapes())),
    },
  };
}

export function decodePathwaysArtifact(
  content: SafetensorsContent,
  source: string,
): { params: Map<string, TensorData>; masks: Map<string, MaskSet>; metadata: Record<string, string> } {
  const { tensors, metadata } = content;
  if (metadata.format !== ARTIFACT_FORMAT)
    throw new Error(`${source}: not a pathways artifact (format '${metadata.format}')`);
  const shapes = parseJson<Record<string, number[]>>(metadata, 'shapes', source);
  const languages = parseJson<string[]>(metadata, 'languages', source);
  const { params } = denseFromSparse(tensors, shapes, source);
  const masks = new Map<string, MaskSet>();
  for (const language of languages) {
    const perTensor = new Map<string, Mask>();
    for (const [name, shape] of Object.entries(shapes)) {
      const t = tensors.get(languageMaskKey(language, name));
      if (!t) throw new Error(`${source}: language '${language}' has no mask for '${name}'`);
      perTensor.set(name, { shape, data: unpackBits(t.data as Uint8Array, elementCount(shape)) });
    }
    masks.set(language, new MaskSet(perTensor));
  }
  return { params, masks, metadata };
}
