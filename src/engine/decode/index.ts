export { DecodingModel } from './decoding-model';
export type { PredictorState } from './decoding-model';
export { GreedySearch, argmax } from './greedy';
export { BeamSearch } from './beam';
export type { Search } from './search';
export { createSearch, decodeBatch, toResult } from './decode';
export { StreamingDecoder } from './streaming';
export type { DecodeResult, Hypothesis, SearchOptions } from './types';
