import { BLANK } from '../model/rnnt-model';
import type { DecodingModel, PredictorState } from './decoding-model';
import type { Search } from './search';
import type { Hypothesis } from './types';

interface BeamHypothesis extends Hypothesis {
  state: PredictorState;
}

/** One way to fill a beam slot in an expansion round. */
interface Candidate {
  from: BeamHypothesis;
  /** Symbol appended to `from` (BLANK ends the frame); null: `from` already ended the frame and is kept as is. */
  symbol: number | null;
  score: number;
  /** Token emitted with rounds left: the hypothesis stays in the frame for another round. */
  continues: boolean;
}

/** A kept hypothesis; `extend` is the token whose predictor step is still to be taken. */
type Kept = BeamHypothesis & { extend?: number; continues: boolean };

function logAddExp(a: number, b: number): number {
  const m = Math.max(a, b);
  return m === -Infinity ? m : m + Math.log(Math.exp(a - m) + Math.exp(b - m));
}

/**
 * Time-synchronous beam search with at most `maxSymbolsPerFrame` (N) symbols per encoder frame.
 *
 * Alignments it scores: on each frame a hypothesis emits k ≤ N tokens; with k < N the frame ends with
 * blank (its probability counted), with k = N the frame ends without one (as greedy search's cap). The
 * choices at every step sum to one, so this is a distribution over capped alignments; a label
 * sequence's probability is the sum over its alignments.
 *
 * Per frame, up to N expansion rounds: every hypothesis still in the frame is extended by blank (it
 * ends the frame) or by one token (it stays for the next round; in round N it ends the frame). The
 * `beam` best candidates — hypotheses that ended the frame in earlier rounds plus this round's
 * extensions — are kept, then those with the same label sequence that ended the frame are merged
 * (log-add of scores; the alignment of the better one is kept for timestamps). Only kept hypotheses
 * get further rounds. With N = 1 this is icefall's `modified_beam_search`; with beam 1 it makes
 * greedy search's choices (same tokens, frames and score, ties aside).
 */
export class BeamSearch implements Search {
  /** Undefined until the first advance computes the initial predictor state. */
  private hyps?: BeamHypothesis[];

  constructor(
    private readonly model: DecodingModel,
    private readonly beam = 4,
    private readonly maxSymbolsPerFrame = 3,
  ) {
    if (!Number.isInteger(beam) || beam < 1) throw new Error(`beam must be a positive integer, got ${beam}`);
    if (!Number.isInteger(maxSymbolsPerFrame) || maxSymbolsPerFrame < 1) {
      throw new Error(`maxSymbolsPerFrame must be a positive integer, got ${maxSymbolsPerFrame}`);
    }
  }

  async advance(rows: Float32Array, count: number, firstFrame: number): Promise<void> {
    const j = this.model.joinerDim;
    this.hyps ??= [{ tokens: [], frames: [], logProb: 0, state: await this.model.initialState() }];
    for (let t = 0; t < count; t++) await this.step(rows.subarray(t * j, (t + 1) * j), firstFrame + t);
  }

  private async step(row: Float32Array, frame: number): Promise<void> {
    let active: BeamHypothesis[] = this.hyps!;
    let ended: BeamHypothesis[] = [];
    for (let round = 1; active.length > 0; round++) {
      const kept = await this.round(row, frame, active, ended, round < this.maxSymbolsPerFrame);
      active = kept.filter((h) => h.continues);
      ended = kept.filter((h) => !h.continues);
    }
    this.hyps = ended;
  }

  /** One expansion round: extend `active`, keep the `beam` best of those and `ended`, merge, step the predictor. */
  private async round(
    row: Float32Array,
    frame: number,
    active: readonly BeamHypothesis[],
    ended: readonly BeamHypothesis[],
    roundsLeft: boolean,
  ): Promise<Kept[]> {
    const vocab = this.model.vocabSize;
    const logProbs = await this.model.logProbs(
      row,
      active.map((h) => h.state),
    );
    const candidates: Candidate[] = ended.map((h) => ({
      from: h,
      symbol: null,
      score: h.logProb,
      continues: false,
    }));
    active.forEach((h, i) => {
      for (let v = 0; v < vocab; v++) {
        candidates.push({
          from: h,
          symbol: v,
          score: h.logProb + logProbs[i * vocab + v],
          continues: roundsLeft && v !== BLANK,
        });
      }
    });
    candidates.sort((a, b) => b.score - a.score);
    const merged = new Map<string, Kept>();
    for (const cand of candidates.slice(0, this.beam)) {
      const { from, symbol, continues } = cand;
      const token = symbol !== null && symbol !== BLANK;
      const tokens = token ? [...from.tokens, symbol] : from.tokens;
      const key = `${continues ? 'c' : 'e'}${tokens.join(',')}`;
      const existing = merged.get(key);
      if (existing) {
        existing.logProb = logAddExp(existing.logProb, cand.score);
        continue;
      }
      merged.set(key, {
        tokens,
        frames: token ? [...from.frames, frame] : from.frames,
        logProb: cand.score,
        state: from.state,
        extend: token ? symbol : undefined,
        continues,
      });
    }
    const kept = [...merged.values()];
    const extending = kept.filter((h) => h.extend !== undefined);
    if (extending.length > 0) {
      const states = await this.model.advance(
        extending.map((h) => h.state),
        extending.map((h) => h.extend!),
      );
      extending.forEach((h, i) => (h.state = states[i]));
    }
    return kept;
  }

  best(): Hypothesis {
    if (!this.hyps) return { tokens: [], frames: [], logProb: 0 };
    const top = this.hyps.reduce((a, b) => (b.logProb > a.logProb ? b : a));
    return { tokens: [...top.tokens], frames: [...top.frames], logProb: top.logProb };
  }
}
