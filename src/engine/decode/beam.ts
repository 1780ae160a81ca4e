import { BLANK } from '../model/rnnt-model';
import type { DecodingModel, PredictorState } from './decoding-model';
import type { Search } from './search';
import type { Hypothesis } from './types';

interface BeamHypothesis extends Hypothesis {
  state: PredictorState;
}

function logAddExp(a: number, b: number): number {
  const m = Math.max(a, b);
  return m === -Infinity ? m : m + Math.log(Math.exp(a - m) + Math.exp(b - m));
}

/**
 * Modified beam search (as icefall's `modified_beam_search`): at most one symbol per frame; per frame
 * every hypothesis is extended by blank or by one token, the `beam` best of all extensions are kept,
 * and extensions with the same label sequence are merged (log-add of scores; the alignment of the
 * better one is kept for timestamps).
 */
export class BeamSearch implements Search {
  private hyps: BeamHypothesis[];

  constructor(
    private readonly model: DecodingModel,
    private readonly beam = 4,
  ) {
    if (!Number.isInteger(beam) || beam < 1) throw new Error(`beam must be a positive integer, got ${beam}`);
    this.hyps = [{ tokens: [], frames: [], logProb: 0, state: model.initialState() }];
  }

  advance(rows: Float32Array, count: number, firstFrame: number): void {
    const j = this.model.joinerDim;
    for (let t = 0; t < count; t++) this.step(rows.subarray(t * j, (t + 1) * j), firstFrame + t);
  }

  private step(row: Float32Array, frame: number): void {
    const vocab = this.model.vocabSize;
    const logProbs = this.model.logProbs(
      row,
      this.hyps.map((h) => h.state),
    );
    const candidates: { hyp: number; symbol: number; score: number }[] = [];
    this.hyps.forEach((h, i) => {
      for (let v = 0; v < vocab; v++)
        candidates.push({ hyp: i, symbol: v, score: h.logProb + logProbs[i * vocab + v] });
    });
    candidates.sort((a, b) => b.score - a.score);
    const merged = new Map<string, BeamHypothesis & { extend?: number }>();
    for (const cand of candidates.slice(0, this.beam)) {
      const parent = this.hyps[cand.hyp];
      const blank = cand.symbol === BLANK;
      const tokens = blank ? parent.tokens : [...parent.tokens, cand.symbol];
      const key = tokens.join(',');
      const existing = merged.get(key);
      if (existing) {
        existing.logProb = logAddExp(existing.logProb, cand.score);
        continue;
      }
      merged.set(key, {
        tokens,
        frames: blank ? parent.frames : [...parent.frames, frame],
        logProb: cand.score,
        state: parent.state,
        extend: blank ? undefined : cand.symbol,
      });
    }
    const next = [...merged.values()];
    const extending = next.filter((h) => h.extend !== undefined);
    if (extending.length > 0) {
      const states = this.model.advance(
        extending.map((h) => h.state),
        extending.map((h) => h.extend!),
      );
      extending.forEach((h, i) => (h.state = states[i]));
    }
    this.hyps = next.map(({ tokens, frames, logProb, state }) => ({ tokens, frames, logProb, state }));
  }

  best(): Hypothesis {
    const top = this.hyps.reduce((a, b) => (b.logProb > a.logProb ? b : a));
    return { tokens: [...top.tokens], frames: [...top.frames], logProb: top.logProb };
  }
}
