/** One decoding result: tokens with the encoder frame each was emitted at, and that time in seconds. */
export interface DecodeResult {
  tokens: number[];
  /** Encoder frame index per token (from the best alignment). */
  frames: number[];
  /** Start time per token in seconds: frame · subsampling · frameShiftSeconds. */
  times: number[];
  /** Log-probability of the best alignment (greedy) or of the merged hypothesis (beam). */
  logProb: number;
}

export interface SearchOptions {
  /** 'greedy' (default) or 'beam' (time-synchronous beam search, see BeamSearch). */
  method?: 'greedy' | 'beam';
  /** Hypotheses kept by beam search (default 4). */
  beam?: number;
  /** Most symbols emitted on one encoder frame, greedy and beam (default 3; beam with 1 is modified beam search). */
  maxSymbolsPerFrame?: number;
  /** Feature frame shift in seconds (default 0.01). */
  frameShiftSeconds?: number;
}

/** A partial hypothesis: label history, emission frames, score. */
export interface Hypothesis {
  tokens: number[];
  frames: number[];
  logProb: number;
}
