/**
 * The reference model of the performance issue, in tfjs functional ops: a 4-layer pre-LN transformer
 * encoder (d_model 144, 4 heads, FFN 576, ReLU) over 80-dim input frames, a final LayerNorm and a
 * linear layer to 64 classes; about 1.0 M parameters. bench/torch/reference_transformer.py is the
 * same model in PyTorch. Attention uses only rank-4 transposes and 2-D products against weights.
 */
import { layerNormOp } from '../src/engine/kernels';
import { tf } from '../src/engine/tf';
import { AdamW } from '../src/engine/train/adamw';

export const REFERENCE: {
  batch: number;
  frames: number;
  inputs: number;
  dModel: number;
  heads: number;
  ffn: number;
  layers: number;
  classes: number;
} = {
  batch: 8,
  frames: 100,
  inputs: 80,
  dModel: 144,
  heads: 4,
  ffn: 576,
  layers: 4,
  classes: 64,
};

export type ReferenceShape = Readonly<typeof REFERENCE>;

export interface ReferenceModel {
  variables: tf.Variable[];
  /** Mean cross-entropy of the model on `x` [batch, frames, inputs] against `labels` [batch·frames, classes]. */
  loss(x: tf.Tensor3D, labels: tf.Tensor2D): tf.Scalar;
}

interface Linear {
  w: tf.Variable;
  b: tf.Variable;
}

interface Norm {
  gain: tf.Variable;
  bias: tf.Variable;
}

interface Layer {
  norm1: Norm;
  qkv: Linear;
  out: Linear;
  norm2: Norm;
  ffn1: Linear;
  ffn2: Linear;
}

function linear(inputs: number, outputs: number, seed: number): Linear {
  const bound = 1 / Math.sqrt(inputs);
  return {
    w: tf.variable(tf.randomUniform([inputs, outputs], -bound, bound, 'float32', seed)),
    b: tf.variable(tf.zeros([outputs])),
  };
}

function norm(size: number): Norm {
  return { gain: tf.variable(tf.ones([size])), bias: tf.variable(tf.zeros([size])) };
}

const applyLinear = (x: tf.Tensor2D, p: Linear): tf.Tensor2D => tf.add(tf.matMul(x, p.w), p.b);

/** The engine's layer norm (fused kernels on cpu and wasm, eps 1e-5 as PyTorch's). */
const applyNorm = (x: tf.Tensor2D, p: Norm): tf.Tensor2D =>
  layerNormOp(x, p.gain, p.bias, 1e-5) as tf.Tensor2D;

/** Rows [batch·frames, heads·head] → [batch·heads, frames, head]. */
function splitHeads(x: tf.Tensor2D, s: ReferenceShape): tf.Tensor3D {
  const head = s.dModel / s.heads;
  const split = tf.transpose(tf.reshape(x, [s.batch, s.frames, s.heads, head]), [0, 2, 1, 3]);
  return tf.reshape(split, [s.batch * s.heads, s.frames, head]);
}

function attention(x: tf.Tensor2D, layer: Layer, s: ReferenceShape): tf.Tensor2D {
  const [q, k, v] = tf.split(applyLinear(x, layer.qkv), 3, 1) as tf.Tensor2D[];
  const scale = 1 / Math.sqrt(s.dModel / s.heads);
  const scores = tf.matMul(tf.mul(splitHeads(q, s), scale) as tf.Tensor3D, splitHeads(k, s), false, true);
  const mixed = tf.matMul(tf.softmax(scores), splitHeads(v, s));
  const merged = tf.transpose(
    tf.reshape(mixed, [s.batch, s.heads, s.frames, s.dModel / s.heads]),
    [0, 2, 1, 3],
  );
  return applyLinear(tf.reshape(merged, [s.batch * s.frames, s.dModel]), layer.out);
}

function block(x: tf.Tensor2D, layer: Layer, s: ReferenceShape): tf.Tensor2D {
  const attended = tf.add<tf.Tensor2D>(x, attention(applyNorm(x, layer.norm1), layer, s));
  const hidden = tf.relu(applyLinear(applyNorm(attended, layer.norm2), layer.ffn1));
  return tf.add(attended, applyLinear(hidden, layer.ffn2));
}

export function createReferenceModel(s: ReferenceShape = REFERENCE, seed = 1): ReferenceModel {
  const input = linear(s.inputs, s.dModel, seed);
  const layers: Layer[] = Array.from({ length: s.layers }, (_, i) => ({
    norm1: norm(s.dModel),
    qkv: linear(s.dModel, 3 * s.dModel, seed + 10 * i + 1),
    out: linear(s.dModel, s.dModel, seed + 10 * i + 2),
    norm2: norm(s.dModel),
    ffn1: linear(s.dModel, s.ffn, seed + 10 * i + 3),
    ffn2: linear(s.ffn, s.dModel, seed + 10 * i + 4),
  }));
  const finalNorm = norm(s.dModel);
  const output = linear(s.dModel, s.classes, seed + 999);
  const variables = [
    input.w,
    input.b,
    ...layers.flatMap((l) =>
      [l.norm1, l.qkv, l.out, l.norm2, l.ffn1, l.ffn2].flatMap((p) => Object.values(p)),
    ),
    finalNorm.gain,
    finalNorm.bias,
    output.w,
    output.b,
  ] as tf.Variable[];
  return {
    variables,
    loss(x, labels) {
      let h = applyLinear(tf.reshape(x, [s.batch * s.frames, s.inputs]), input);
      for (const layer of layers) h = block(h, layer, s);
      const logits = applyLinear(applyNorm(h, finalNorm), output);
      return tf.losses.softmaxCrossEntropy(labels, logits) as tf.Scalar;
    },
  };
}

export const parameterCount = (model: ReferenceModel): number =>
  model.variables.reduce((total, v) => total + v.size, 0);

/** A fixed random batch: inputs [batch, frames, inputs] and one-hot labels [batch·frames, classes]. */
export function referenceBatch(
  s: ReferenceShape = REFERENCE,
  seed = 7,
): { x: tf.Tensor3D; labels: tf.Tensor2D } {
  const x = tf.randomNormal([s.batch, s.frames, s.inputs], 0, 1, 'float32', seed) as tf.Tensor3D;
  const classes = tf.randomUniform([s.batch * s.frames], 0, s.classes, 'int32', seed + 1) as tf.Tensor1D;
  const labels = tf.oneHot(classes, s.classes).toFloat() as tf.Tensor2D;
  classes.dispose();
  return { x, labels };
}

/** Parameter names for the engine optimizer: `p<i>` for `model.variables[i]`. */
export const referenceName = (index: number): string => `p${index}`;

/** The step's optimizer: the engine's AdamW as plain Adam with PyTorch's defaults (β 0.9/0.999, ε 1e-8). */
export function referenceOptimizer(model: ReferenceModel, lr = 1e-3): AdamW {
  const params = new Map(model.variables.map((v, i) => [referenceName(i), v]));
  return new AdamW(params, { lr, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 });
}

/** One Adam training step; returns the loss before the update. */
export function referenceStep(
  model: ReferenceModel,
  optimizer: AdamW,
  batch: { x: tf.Tensor3D; labels: tf.Tensor2D },
): number {
  const { value, grads } = tf.variableGrads(() => model.loss(batch.x, batch.labels), model.variables);
  optimizer.step(new Map(model.variables.map((v, i) => [referenceName(i), grads[v.name]])));
  const loss = value.dataSync()[0];
  tf.dispose([value, ...Object.values(grads)]);
  return loss;
}

/** Gradients of the loss with respect to every variable, in `model.variables` order, as plain arrays. */
export function referenceGradients(
  model: ReferenceModel,
  batch: { x: tf.Tensor3D; labels: tf.Tensor2D },
): Float32Array[] {
  const { value, grads } = tf.variableGrads(() => model.loss(batch.x, batch.labels), model.variables);
  const arrays = model.variables.map((v) => grads[v.name].dataSync() as Float32Array);
  tf.dispose([value, ...Object.values(grads)]);
  return arrays;
}

/** Rows [from, to) of a reference batch along the batch axis. */
export function sliceBatch(
  batch: { x: tf.Tensor3D; labels: tf.Tensor2D },
  from: number,
  to: number,
  s: ReferenceShape = REFERENCE,
): { x: tf.Tensor3D; labels: tf.Tensor2D } {
  return {
    x: tf.slice(batch.x, [from, 0, 0], [to - from, s.frames, s.inputs]),
    labels: tf.slice(batch.labels, [from * s.frames, 0], [(to - from) * s.frames, s.classes]),
  };
}
