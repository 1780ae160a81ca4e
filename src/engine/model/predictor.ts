import { tf } from '../tf';
import type { RnntConfig } from './config';
import { dims } from './layers';
import { param, type ParamSource } from './params';

/**
 * Prediction network. Position u of the output (u = 0 … U) summarises the label history
 * y_1 … y_u with blank prepended as start symbol.
 * - stateless: ReLU(Σ_i w_i ⊙ E[y_{u−C+1+i}]) over the last C tokens (blank-padded on the left),
 *   a depthwise 1-D convolution over token embeddings;
 * - lstm: stacked LSTM over E[blank], E[y_1], …, output = top hidden state.
 */

/** Stateless predictor from explicit contexts [N, S, C] int32 → [N, S, E]. */
export function statelessFromContexts(params: ParamSource, contexts: tf.Tensor): tf.Tensor {
  const [n, steps, context] = dims(contexts);
  const table = param(params, 'predictor.embedding.weight');
  const dim = dims(table)[1];
  const embedded = tf.reshape(tf.gather(table, tf.reshape(contexts, [-1])), [n, steps, context, dim]);
  return tf.relu(tf.sum(tf.mul(embedded, param(params, 'predictor.conv.weight')), 2));
}

export interface LstmState {
  /** Per layer [N, H]. */
  h: tf.Tensor[];
  c: tf.Tensor[];
}

/** One LSTM step through every layer: input [N, E] → new state (output = last layer's h). */
export function lstmStep(
  config: RnntConfig,
  params: ParamSource,
  input: tf.Tensor,
  state: LstmState,
): LstmState {
  const hidden = config.predictor.hiddenDim;
  const h: tf.Tensor[] = [];
  const c: tf.Tensor[] = [];
  let x = input;
  for (let l = 0; l < config.predictor.layers; l++) {
    const p = `predictor.lstm.${l}`;
    const gates = tf.add(
      tf.add(tf.matMul(x, param(params, `${p}.w_ih`)), tf.matMul(state.h[l], param(params, `${p}.w_hh`))),
      param(params, `${p}.bias`),
    );
    const [i, f, g, o] = tf.split(gates, [hidden, hidden, hidden, hidden], 1);
    const cell = tf.add(tf.mul(tf.sigmoid(f), state.c[l]), tf.mul(tf.sigmoid(i), tf.tanh(g)));
    const out = tf.mul(tf.sigmoid(o), tf.tanh(cell));
    h.push(out);
    c.push(cell);
    x = out;
  }
  return { h, c };
}

export function zeroLstmState(config: RnntConfig, batch: number): LstmState {
  const shape = [batch, config.predictor.hiddenDim];
  const layers = config.predictor.layers;
  return {
    h: Array.from({ length: layers }, () => tf.zeros(shape)),
    c: Array.from({ length: layers }, () => tf.zeros(shape)),
  };
}

export function embedTokens(params: ParamSource, tokens: tf.Tensor): tf.Tensor {
  const table = param(params, 'predictor.embedding.weight');
  return tf.reshape(tf.gather(table, tf.reshape(tokens, [-1])), [...dims(tokens), dims(table)[1]]);
}

/** tokens [B, U] int32 → predictor output [B, U + 1, P] (blank prepended as start symbol). */
export function predict(config: RnntConfig, params: ParamSource, tokens: tf.Tensor, blank = 0): tf.Tensor {
  if (tokens.rank !== 2 || tokens.dtype !== 'int32')
    throw new Error(`tokens must be int32 [B, U], got ${tokens.dtype} [${tokens.shape}]`);
  const [batch, length] = dims(tokens);
  if (config.predictor.kind === 'stateless') {
    const context = config.predictor.context;
    const padded = tf.concat([tf.fill([batch, context], blank, 'int32'), tokens], 1);
    const windows = Array.from({ length: context }, (_, i) => tf.slice(padded, [0, i], [batch, length + 1]));
    return statelessFromContexts(params, tf.stack(windows, 2));
  }
  const inputs = embedTokens(params, tf.concat([tf.fill([batch, 1], blank, 'int32'), tokens], 1));
  let state = zeroLstmState(config, batch);
  const outputs: tf.Tensor[] = [];
  for (let u = 0; u <= length; u++) {
    const width = dims(inputs)[2];
    const x = tf.reshape(tf.slice(inputs, [0, u, 0], [batch, 1, width]), [batch, width]);
    state = lstmStep(config, params, x, state);
    outputs.push(state.h[state.h.length - 1]);
  }
  return tf.stack(outputs, 1);
}
