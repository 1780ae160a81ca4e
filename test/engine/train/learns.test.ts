import { describeItLearns } from './overfit';

describeItLearns('wasm', 'stateless predictor, chunk mask', {});
describeItLearns('wasm', 'look-ahead + conv module + LSTM predictor', {
  lookAhead: 2,
  convModule: true,
  convKernel: 3,
  predictor: { kind: 'lstm', context: 2, embeddingDim: 32, hiddenDim: 32, layers: 1 },
});
