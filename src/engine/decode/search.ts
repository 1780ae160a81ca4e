import type { Hypothesis } from './types';

/** A frame-synchronous search that can be fed encoder frames in pieces. */
export interface Search {
  /**
   * Consume `count` projected encoder rows (row-major [count · J]) starting at encoder frame `firstFrame`; await it
   * before the next call or best() (the joiner and predictor are read asynchronously).
   */
  advance(rows: Float32Array, count: number, firstFrame: number): Promise<void>;
  /** The current best hypothesis. */
  best(): Hypothesis;
}
