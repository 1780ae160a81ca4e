import type { RnntConfig } from '../model/config';
import { dims } from '../model/layers';
import { joinerLogits, projectEncoder, projectPredictor } from '../model/joiner';
import type { ParamSource } from '../model/params';
import { embedTokens, lstmStep, statelessFromContexts } from '../model/predictor';
import { BLANK } from '../model/rnnt-model';
import { tf } from '../tf';

/** Predictor state of one hypothesis, held as plain arrays so hypotheses need no tensor bookkeeping. */
export interface PredictorState {
  /** Last `context` tokens (stateless predictor). */
  context: number[];
  /** LSTM state per layer (lstm predictor). */
  h: Float32Array[];
  c: Float32Array[];
  /** Projected predictor output (joiner input) [J]. */
  projection: Float32Array;
}

/**
 * Compute a tensor in a tidy scope and read it asynchronously (every backend, webgpu under Node included, which has
 * no synchronous read). The read is outside the scope: tf.tidy cannot wrap async code, and it walks what its function
 * returns, a typed array element by element (for a batch of joiner rows, more time than the joiner takes).
 */
async function readTidy(compute: () => tf.Tensor): Promise<Float32Array> {
  const result = tf.tidy(compute);
  try {
    return (await result.data()) as Float32Array;
  } finally {
    result.dispose();
  }
}

/** The model pieces decoding needs, stepping the predictor and joiner for batches of hypotheses. */
export class DecodingModel {
  readonly vocabSize: number;
  readonly joinerDim: number;

  constructor(
    readonly config: RnntConfig,
    readonly params: ParamSource,
  ) {
    this.vocabSize = config.vocabSize;
    this.joinerDim = config.joinerDim;
  }

  /** Encoder frames [T, d] (or [B, T, d]) → projected rows, row-major [T · J] (or [B · T · J]). */
  projectEncoderFrames(frames: tf.Tensor): Promise<Float32Array> {
    return readTidy(() => projectEncoder(this.params, frames));
  }

  /** State after the start symbol (blank). */
  async initialState(): Promise<PredictorState> {
    const { predictor } = this.config;
    const empty: PredictorState = {
      context: new Array<number>(predictor.context).fill(BLANK),
      h: Array.from({ length: predictor.layers }, () => new Float32Array(predictor.hiddenDim)),
      c: Array.from({ length: predictor.layers }, () => new Float32Array(predictor.hiddenDim)),
      projection: new Float32Array(this.joinerDim),
    };
    if (predictor.kind === 'stateless')
      return (await this.advance([{ ...empty, context: empty.context.slice(1) }], [BLANK]))[0];
    return (await this.advance([empty], [BLANK]))[0];
  }

  /** Feed one token to each state (batched). */
  async advance(states: readonly PredictorState[], tokens: readonly number[]): Promise<PredictorState[]> {
    const n = states.length;
    const { predictor } = this.config;
    if (predictor.kind === 'stateless') {
      const contexts = states.map((s, i) => [...s.context, tokens[i]].slice(-predictor.context));
      const projection = await readTidy(() => {
        const ctx = tf.tensor3d(Int32Array.from(contexts.flat()), [n, 1, predictor.context], 'int32');
        const out = statelessFromContexts(this.params, ctx);
        return projectPredictor(this.params, tf.reshape(out, [n, dims(out)[2]]));
      });
      return contexts.map((context, i) => ({ ...states[i], context, projection: this.row(projection, i) }));
    }
    const hidden = predictor.hiddenDim;
    const stackLayer = (pick: (s: PredictorState) => Float32Array): tf.Tensor => {
      const data = new Float32Array(n * hidden);
      states.forEach((s, i) => data.set(pick(s), i * hidden));
      return tf.tensor2d(data, [n, hidden]);
    };
    const next = tf.tidy(() => {
      const state = {
        h: states[0].h.map((_, l) => stackLayer((s) => s.h[l])),
        c: states[0].c.map((_, l) => stackLayer((s) => s.c[l])),
      };
      const x = embedTokens(this.params, tf.tensor1d(Int32Array.from(tokens), 'int32'));
      const stepped = lstmStep(this.config, this.params, x, state);
      return { ...stepped, projection: projectPredictor(this.params, stepped.h[stepped.h.length - 1]) };
    });
    let h: Float32Array[];
    let c: Float32Array[];
    let projection: Float32Array;
    try {
      const read = (t: tf.Tensor) => t.data() as Promise<Float32Array>;
      [h, c, projection] = await Promise.all([
        Promise.all(next.h.map(read)),
        Promise.all(next.c.map(read)),
        read(next.projection),
      ]);
    } finally {
      tf.dispose([...next.h, ...next.c, next.projection]);
    }
    return states.map((s, i) => ({
      context: s.context,
      h: h.map((layer) => layer.slice(i * hidden, (i + 1) * hidden)),
      c: c.map((layer) => layer.slice(i * hidden, (i + 1) * hidden)),
      projection: this.row(projection, i),
    }));
  }

  /**
   * Log-probabilities [N · V] of N predictor states against projected encoder rows: one row [J] shared by all
   * states (the hypotheses of one utterance), or one row per state [N · J] (one utterance each, batched search).
   */
  logProbs(encoderRows: Float32Array, states: readonly PredictorState[]): Promise<Float32Array> {
    const n = states.length;
    const j = this.joinerDim;
    if (encoderRows.length !== j && encoderRows.length !== n * j) {
      throw new Error(`logProbs: ${encoderRows.length} encoder values for ${n} states of width ${j}`);
    }
    const stacked = new Float32Array(n * j);
    states.forEach((s, i) => stacked.set(s.projection, i * j));
    return readTidy(() => {
      const encoder = encoderRows.length === j ? tf.tensor1d(encoderRows) : tf.tensor2d(encoderRows, [n, j]);
      const summed = tf.add(tf.tensor2d(stacked, [n, j]), encoder);
      return tf.logSoftmax(joinerLogits(this.params, summed));
    });
  }

  private row(values: Float32Array, i: number): Float32Array {
    return values.slice(i * this.joinerDim, (i + 1) * this.joinerDim);
  }
}
