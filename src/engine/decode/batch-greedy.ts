import { BLANK } from '../model/rnnt-model';
import type { DecodingModel, PredictorState } from './decoding-model';
import { argmax } from './greedy';
import type { Hypothesis } from './types';

/** One utterance's projected encoder rows (row-major [frames · J]). */
export interface EncodedUtterance {
  rows: Float32Array;
  frames: number;
}

/**
 * Greedy search over several utterances at once, making GreedySearch's choices on each: frame by frame, every
 * utterance that has the frame and is still in it (it has not emitted blank or reached `maxSymbolsPerFrame`
 * symbols there) takes one joiner step, all of them in one call, and those that emitted a token step the
 * predictor, again in one call. Each utterance keeps its own predictor state, so the batch changes only how
 * many joiner and predictor calls there are: about one per symbol round of a frame instead of one per
 * utterance and round.
 */
export async function greedySearchBatch(
  model: DecodingModel,
  utterances: readonly EncodedUtterance[],
  maxSymbolsPerFrame = 3,
): Promise<Hypothesis[]> {
  if (!Number.isInteger(maxSymbolsPerFrame) || maxSymbolsPerFrame < 1) {
    throw new Error(`maxSymbolsPerFrame must be a positive integer, got ${maxSymbolsPerFrame}`);
  }
  const j = model.joinerDim;
  const vocab = model.vocabSize;
  const hyps: Hypothesis[] = utterances.map(() => ({ tokens: [], frames: [], logProb: 0 }));
  if (utterances.length === 0) return hyps;
  const initial = await model.initialState();
  const states: PredictorState[] = utterances.map(() => initial);
  const longest = Math.max(...utterances.map((u) => u.frames));
  for (let t = 0; t < longest; t++) {
    let inFrame = utterances.flatMap((u, b) => (u.frames > t ? [b] : []));
    for (let s = 0; s < maxSymbolsPerFrame && inFrame.length > 0; s++) {
      const rows = new Float32Array(inFrame.length * j);
      inFrame.forEach((b, i) => rows.set(utterances[b].rows.subarray(t * j, (t + 1) * j), i * j));
      const logProbs = await model.logProbs(
        rows,
        inFrame.map((b) => states[b]),
      );
      const emitting: number[] = [];
      const symbols: number[] = [];
      inFrame.forEach((b, i) => {
        const symbol = argmax(logProbs, i * vocab, vocab);
        hyps[b].logProb += logProbs[i * vocab + symbol];
        if (symbol === BLANK) return;
        hyps[b].tokens.push(symbol);
        hyps[b].frames.push(t);
        emitting.push(b);
        symbols.push(symbol);
      });
      if (emitting.length > 0) {
        const next = await model.advance(
          emitting.map((b) => states[b]),
          symbols,
        );
        emitting.forEach((b, i) => (states[b] = next[i]));
      }
      inFrame = emitting;
    }
  }
  return hyps;
}
