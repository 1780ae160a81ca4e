import { tf } from '../tf';
import { subsampledFeatureDim, type RnntConfig } from './config';
import { deriveSeed, SeededRandom } from './random';

/**
 * Model parameters by stable dotted name. Linear weights are stored `[in, out]` (tfjs matMul
 * layout, the transpose of PyTorch's), conv2d filters `[kh, kw, in, out]` (NHWC), depthwise
 * filters `[kernel, channels]`.
 */
export type ParamMap = Map<string, tf.Variable>;
/** Anything the forward functions read parameters from (variables, or masked copies of them). */
export type ParamSource = ReadonlyMap<string, tf.Tensor>;

export type ParamInit =
  { kind: 'uniform'; bound: number } | { kind: 'normal'; std: number } | { kind: 'constant'; value: number };

export interface ParamSpec {
  name: string;
  shape: number[];
  init: ParamInit;
}

const uniform = (fanIn: number): ParamInit => ({ kind: 'uniform', bound: 1 / Math.sqrt(fanIn) });
const ones: ParamInit = { kind: 'constant', value: 1 };
const zeros: ParamInit = { kind: 'constant', value: 0 };

export function linearSpecs(name: string, inDim: number, outDim: number): ParamSpec[] {
  return [
    { name: `${name}.weight`, shape: [inDim, outDim], init: uniform(inDim) },
    { name: `${name}.bias`, shape: [outDim], init: uniform(inDim) },
  ];
}

function normSpecs(name: string, dim: number): ParamSpec[] {
  return [
    { name: `${name}.weight`, shape: [dim], init: ones },
    { name: `${name}.bias`, shape: [dim], init: zeros },
  ];
}

/** Kernel and stride of the second subsampling convolution (the first is 3×3, stride 2). */
export function secondConvGeometry(subsampling: 4 | 6): { kernel: number; stride: number } {
  return subsampling === 4 ? { kernel: 3, stride: 2 } : { kernel: 5, stride: 3 };
}

function encoderSpecs(c: RnntConfig): ParamSpec[] {
  const ch = c.subsamplingChannels;
  const { kernel } = secondConvGeometry(c.subsampling);
  const specs: ParamSpec[] = [
    { name: 'encoder.subsampling.conv1.weight', shape: [3, 3, 1, ch], init: uniform(9) },
    { name: 'encoder.subsampling.conv1.bias', shape: [ch], init: uniform(9) },
    {
      name: 'encoder.subsampling.conv2.weight',
      shape: [kernel, kernel, ch, ch],
      init: uniform(kernel * kernel * ch),
    },
    { name: 'encoder.subsampling.conv2.bias', shape: [ch], init: uniform(kernel * kernel * ch) },
    ...linearSpecs('encoder.subsampling.out', ch * subsampledFeatureDim(c.inputDim, c.subsampling), c.dModel),
  ];
  const d = c.dModel;
  for (let i = 0; i < c.layers; i++) {
    const p = `encoder.layers.${i}`;
    specs.push(...normSpecs(`${p}.attn_norm`, d));
    for (const w of ['wq', 'wk', 'wv', 'wo']) specs.push(...linearSpecs(`${p}.attn.${w}`, d, d));
    if (c.convModule) {
      specs.push(...normSpecs(`${p}.conv_norm`, d));
      specs.push(...linearSpecs(`${p}.conv.pointwise1`, d, 2 * d));
      specs.push({
        name: `${p}.conv.depthwise.weight`,
        shape: [c.convKernel, d],
        init: uniform(c.convKernel),
      });
      specs.push({ name: `${p}.conv.depthwise.bias`, shape: [d], init: uniform(c.convKernel) });
      specs.push(...normSpecs(`${p}.conv.norm`, d));
      specs.push(...linearSpecs(`${p}.conv.pointwise2`, d, d));
    }
    specs.push(...normSpecs(`${p}.ffn_norm`, d));
    specs.push(...linearSpecs(`${p}.ffn.w1`, d, c.ffnDim));
    specs.push(...linearSpecs(`${p}.ffn.w2`, c.ffnDim, d));
  }
  specs.push(...normSpecs('encoder.final_norm', d));
  return specs;
}

/** Width of the predictor's output (the joiner's second input). */
export function predictorOutputDim(c: RnntConfig): number {
  return c.predictor.kind === 'stateless' ? c.predictor.embeddingDim : c.predictor.hiddenDim;
}

function predictorSpecs(c: RnntConfig): ParamSpec[] {
  const p = c.predictor;
  const specs: ParamSpec[] = [
    {
      name: 'predictor.embedding.weight',
      shape: [c.vocabSize, p.embeddingDim],
      init: { kind: 'normal', std: 1 },
    },
  ];
  if (p.kind === 'stateless') {
    specs.push({
      name: 'predictor.conv.weight',
      shape: [p.context, p.embeddingDim],
      init: uniform(p.context),
    });
    return specs;
  }
  for (let l = 0; l < p.layers; l++) {
    const inDim = l === 0 ? p.embeddingDim : p.hiddenDim;
    const init = uniform(p.hiddenDim);
    specs.push({ name: `predictor.lstm.${l}.w_ih`, shape: [inDim, 4 * p.hiddenDim], init });
    specs.push({ name: `predictor.lstm.${l}.w_hh`, shape: [p.hiddenDim, 4 * p.hiddenDim], init });
    specs.push({ name: `predictor.lstm.${l}.bias`, shape: [4 * p.hiddenDim], init });
  }
  return specs;
}

function joinerSpecs(c: RnntConfig): ParamSpec[] {
  return [
    ...linearSpecs('joiner.enc_proj', c.dModel, c.joinerDim),
    ...linearSpecs('joiner.pred_proj', predictorOutputDim(c), c.joinerDim),
    ...linearSpecs('joiner.out', c.joinerDim, c.vocabSize),
  ];
}

/** Every parameter of the architecture, in a fixed order, with shape and initialiser. */
export function parameterSpecs(config: RnntConfig): ParamSpec[] {
  return [...encoderSpecs(config), ...predictorSpecs(config), ...joinerSpecs(config)];
}

/** Number of scalar weights, computed from the config alone (nothing is allocated). */
export function parameterCount(config: RnntConfig): number {
  return parameterSpecs(config).reduce((sum, s) => sum + s.shape.reduce((a, b) => a * b, 1), 0);
}

export function initialValues(spec: ParamSpec, seed: number): Float32Array {
  const size = spec.shape.reduce((a, b) => a * b, 1);
  const values = new Float32Array(size);
  const init = spec.init;
  if (init.kind === 'constant') return values.fill(init.value);
  const rng = new SeededRandom(deriveSeed(seed, spec.name));
  for (let i = 0; i < size; i++) {
    values[i] = init.kind === 'uniform' ? (2 * rng.next() - 1) * init.bound : rng.normal() * init.std;
  }
  return values;
}

/** Allocate and initialise all parameters; the same seed gives the same values on every backend. */
export function initParams(config: RnntConfig, seed: number): ParamMap {
  const params: ParamMap = new Map();
  for (const spec of parameterSpecs(config)) {
    const initial = tf.tensor(initialValues(spec, seed), spec.shape);
    params.set(spec.name, tf.variable(initial, true));
    initial.dispose();
  }
  return params;
}

/** A parameter by name; a missing one is a programming error and names itself. */
export function param(params: ParamSource, name: string): tf.Tensor {
  const t = params.get(name);
  if (!t) throw new Error(`model parameter '${name}' is missing`);
  return t;
}

export function disposeParams(params: ParamMap): void {
  for (const v of params.values()) v.dispose();
}

/**
 * θ ⊙ mask for the named parameters (others passed through). Use inside a gradient scope so the
 * gradient reaching θ is mask ⊙ ∇L.
 */
export function applyMasks(
  params: ParamSource,
  masks: ReadonlyMap<string, tf.Tensor>,
): Map<string, tf.Tensor> {
  const out = new Map<string, tf.Tensor>();
  for (const [name, value] of params) {
    const mask = masks.get(name);
    if (mask && !tf.util.arraysEqual(mask.shape, value.shape)) {
      throw new Error(`mask '${name}' has shape [${mask.shape}], parameter has [${value.shape}]`);
    }
    out.set(name, mask ? tf.mul(value, mask) : value);
  }
  for (const name of masks.keys()) {
    if (!params.has(name)) throw new Error(`mask '${name}' names no model parameter`);
  }
  return out;
}
