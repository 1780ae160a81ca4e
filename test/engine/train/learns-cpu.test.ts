import { describeItLearns } from './overfit';

// Beam and streaming decoding of the trained model are checked on wasm (learns.test.ts); the cpu
// backend is several times slower, so here only training and greedy decoding run.
describeItLearns('cpu', 'stateless predictor, chunk mask', {}, { streamingAndBeam: false });
