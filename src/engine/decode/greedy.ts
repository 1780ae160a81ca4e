import { BLANK } from '../model/rnnt-model';
import type { DecodingModel, PredictorState } from './decoding-model';
import type { Search } from './search';
import type { Hypothesis } from './types';

/** Index of the largest value in values[from, from + length) (first one on ties). */
export function argmax(values: Float32Array, from = 0, length = values.length - from): number {
  let best = 0;
  for (let i = 1; i < length; i++) if (values[from + i] > values[from + best]) best = i;
  return best;
}

/** Greedy search: on each frame emit the most likely symbol until blank or the per-frame cap. */
export class GreedySearch implements Search {
  private readonly hyp: Hypothesis = { tokens: [], frames: [], logProb: 0 };
  private state?: PredictorState;

  constructor(
    private readonly model: DecodingModel,
    private readonly maxSymbolsPerFrame = 3,
  ) {
    if (!Number.isInteger(maxSymbolsPerFrame) || maxSymbolsPerFrame < 1) {
      throw new Error(`maxSymbolsPerFrame must be a positive integer, got ${maxSymbolsPerFrame}`);
    }
  }

  async advance(rows: Float32Array, count: number, firstFrame: number): Promise<void> {
    const j = this.model.joinerDim;
    this.state ??= await this.model.initialState();
    for (let t = 0; t < count; t++) {
      const row = rows.subarray(t * j, (t + 1) * j);
      for (let s = 0; s < this.maxSymbolsPerFrame; s++) {
        const logProbs = await this.model.logProbs(row, [this.state]);
        const symbol = argmax(logProbs);
        this.hyp.logProb += logProbs[symbol];
        if (symbol === BLANK) break;
        this.hyp.tokens.push(symbol);
        this.hyp.frames.push(firstFrame + t);
        this.state = (await this.model.advance([this.state], [symbol]))[0];
      }
    }
  }

  best(): Hypothesis {
    return { tokens: [...this.hyp.tokens], frames: [...this.hyp.frames], logProb: this.hyp.logProb };
  }
}
